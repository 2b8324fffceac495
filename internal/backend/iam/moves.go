package iam

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/peerstate"
)

// awsAccessKeyState is aws_iam_access_key's state (hashicorp/aws,
// terraform-plugin-sdk v2, schema version 0). The key's user and that
// user's inline policy are other resources (aws_iam_user,
// aws_iam_user_policy).
type awsAccessKeyState struct {
	ID         string  `json:"id"`
	User       string  `json:"user"`
	Status     string  `json:"status"`
	Secret     *string `json:"secret"`
	PGPKey     *string `json:"pgp_key"`
	CreateDate string  `json:"create_date"`
}

// decodeAWSAccessKey takes the key as the iam backend names a key in a
// user made elsewhere: USER/ACCESS_KEY_ID, named after the user until the
// configuration names it.
func decodeAWSAccessKey(raw []byte) (backend.MovedKey, error) {
	var s awsAccessKeyState
	if err := json.Unmarshal(raw, &s); err != nil {
		return backend.MovedKey{}, err
	}
	if s.ID == "" || s.User == "" {
		return backend.MovedKey{}, fmt.Errorf("it lacks the access key id or the user (id %q, user %q)", s.ID, s.User)
	}
	if s.Status != "" && s.Status != "Active" && s.Status != "Inactive" {
		return backend.MovedKey{}, fmt.Errorf("its status %q is neither Active nor Inactive", s.Status)
	}
	key := backend.MovedKey{Key: backend.Key{
		ID: s.User + "/" + s.ID, Name: s.User, AccessKey: s.ID, Disabled: s.Status == "Inactive",
	}}
	if t, err := time.Parse(time.RFC3339, s.CreateDate); err == nil {
		key.CreatedAt = t.UTC()
	}
	secret, why := peerstate.UsableSecret(s.Secret)
	if s.PGPKey != nil && *s.PGPKey != "" {
		secret, why = "", "pgp_key was set, so the AWS provider kept only the secret encrypted"
	}
	key.SecretKey = secret
	if secret == "" {
		key.Warnings = append(key.Warnings, peerstate.NoSecret("aws_iam_access_key", why))
	}
	return key, nil
}
