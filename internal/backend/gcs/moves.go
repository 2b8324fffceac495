package gcs

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/peerstate"
)

// hmacKeyState is google_storage_hmac_key's state (hashicorp/google,
// terraform-plugin-sdk v2, schema version 0). The key's account and its
// bindings are other resources (google_service_account,
// google_storage_bucket_iam_*).
type hmacKeyState struct {
	ID                  string  `json:"id"`
	ServiceAccountEmail string  `json:"service_account_email"`
	State               string  `json:"state"`
	AccessID            string  `json:"access_id"`
	Secret              *string `json:"secret"`
	TimeCreated         string  `json:"time_created"`
}

// decodeHMACKey takes the key as the backend names a key of an account
// made elsewhere: ACCOUNT_EMAIL/ACCESS_ID, named after the account until
// the first read gives its display name. Its grants are the account's
// bindings, read by the first refresh (custom where they are not a
// permission's roles); they change only when the configuration sets
// bucket_access.
func decodeHMACKey(raw []byte) (backend.MovedKey, error) {
	var s hmacKeyState
	if err := json.Unmarshal(raw, &s); err != nil {
		return backend.MovedKey{}, err
	}
	if s.AccessID == "" || s.ServiceAccountEmail == "" {
		return backend.MovedKey{}, fmt.Errorf("it lacks the access id or the service account (access_id %q, service_account_email %q)",
			s.AccessID, s.ServiceAccountEmail)
	}
	if s.State != "" && s.State != active && s.State != inactive {
		return backend.MovedKey{}, fmt.Errorf("its state %q is neither ACTIVE nor INACTIVE", s.State)
	}
	account, _, _ := strings.Cut(s.ServiceAccountEmail, "@")
	key := backend.MovedKey{Key: backend.Key{
		ID: s.ServiceAccountEmail + "/" + s.AccessID, Name: account, AccessKey: s.AccessID, Limited: true, Disabled: s.State == inactive,
	}}
	if t, err := time.Parse(time.RFC3339, s.TimeCreated); err == nil {
		key.CreatedAt = t.UTC()
	}
	peerstate.KeepSecret(&key, "google_storage_hmac_key", s.Secret)
	return key, nil
}
