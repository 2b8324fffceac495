package minio

import "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/create"

// A secret the caller brings must have 8 to 40 bytes (MinIO's
// auth.IsSecretKeyValid and its maximum).
const (
	minSecretLength = 8
	maxSecretLength = 40
)

// CredentialGenerator chooses a new key's access key and secret. The backend
// chooses them itself (MinIO lets the caller) so that a create retried after
// a lost answer finds the key it made instead of making a second one.
type CredentialGenerator = create.CredentialGenerator

// RandomCredentials draws both halves from crypto/rand.
var RandomCredentials = create.RandomCredentials
