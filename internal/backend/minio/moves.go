package minio

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/peerstate"
)

// minioServiceAccountState is minio_iam_service_account's state
// (aminueza/minio, terraform-plugin-sdk v2, schema version 0); its id is
// the access key.
type minioServiceAccountState struct {
	ID          string  `json:"id"`
	AccessKey   string  `json:"access_key"`
	SecretKey   *string `json:"secret_key"`
	Status      string  `json:"status"`
	DisableUser bool    `json:"disable_user"`
	Policy      string  `json:"policy"`
	Name        string  `json:"name"`
	Expiration  string  `json:"expiration"`
}

// minioAccessKeyState is minio_accesskey's state (same provider); it has
// no name, and status is "enabled" or "disabled".
type minioAccessKeyState struct {
	ID        string  `json:"id"`
	AccessKey string  `json:"access_key"`
	SecretKey *string `json:"secret_key"`
	Status    string  `json:"status"`
	Policy    string  `json:"policy"`
}

func decodeMinIOServiceAccount(raw []byte) (backend.MovedKey, error) {
	var s minioServiceAccountState
	if err := json.Unmarshal(raw, &s); err != nil {
		return backend.MovedKey{}, err
	}
	key, err := minioKey("minio_iam_service_account", s.ID, s.AccessKey, s.SecretKey, s.Policy)
	if err != nil {
		return backend.MovedKey{}, err
	}
	key.Name = s.Name
	key.Disabled = s.Status == "off" || s.DisableUser
	if key.ExpiresAt, err = minioExpiration(s.Expiration); err != nil {
		return backend.MovedKey{}, err
	}
	return key, nil
}

func decodeMinIOAccessKey(raw []byte) (backend.MovedKey, error) {
	var s minioAccessKeyState
	if err := json.Unmarshal(raw, &s); err != nil {
		return backend.MovedKey{}, err
	}
	key, err := minioKey("minio_accesskey", s.ID, s.AccessKey, s.SecretKey, s.Policy)
	if err != nil {
		return backend.MovedKey{}, err
	}
	key.Disabled = s.Status == "disabled"
	return key, nil
}

// minioKey is what both MinIO sources share: the access key as id, the
// secret, and the embedded policy as grants.
func minioKey(typeName, id, accessKey string, secret *string, policy string) (backend.MovedKey, error) {
	if accessKey == "" {
		accessKey = id
	}
	if accessKey == "" {
		return backend.MovedKey{}, fmt.Errorf("it has neither an id nor an access_key")
	}
	key := backend.MovedKey{Key: backend.Key{ID: accessKey, AccessKey: accessKey}}
	if !InheritsParentPolicy([]byte(policy)) {
		grants, ours, err := GrantsOfPolicy([]byte(policy))
		if err != nil || !ours {
			return backend.MovedKey{}, foreignPolicyError(policy)
		}
		key.Limited, key.Grants = true, append([]backend.Grant{}, grants...)
	}
	peerstate.KeepSecret(&key, typeName, secret)
	return key, nil
}

// foreignPolicyError shows a policy that is not one this provider writes
// (its grants could not be shown or kept as bucket_access).
func foreignPolicyError(policy string) error {
	return fmt.Errorf("its embedded policy is not one objectstorage_access_key writes: only per-bucket read_only and read_write "+
		"grants beside the account-wide actions every key has can move. The policy:\n\n%s\n\n"+
		"Either, with the minio provider, change the key's policy to such grants (or remove it, for an unrestricted key), apply, "+
		"and move again; or keep this key under the minio provider and make its successor with objectstorage_access_key",
		indentJSON(policy))
}

func indentJSON(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return s
	}
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return s
	}
	return string(out)
}

// minioExpiration reads an expiration; "" and MinIO's "never" (the Unix
// epoch) are none.
func minioExpiration(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("its expiration %q is not an RFC 3339 time", s)
	}
	if t.IsZero() || t.Unix() == 0 {
		return time.Time{}, nil
	}
	return t.UTC(), nil
}
