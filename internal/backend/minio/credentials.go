package minio

import (
	"crypto/rand"
	"fmt"
)

// A secret the caller brings must have 8 to 40 bytes (MinIO's
// auth.IsSecretKeyValid and its maximum).
const (
	minSecretLength = 8
	maxSecretLength = 40
)

const (
	accessKeyLength = 20
	secretKeyLength = 40
	accessKeyChars  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0234567"
	secretKeyChars  = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

// CredentialGenerator chooses a new key's access key and secret. The backend
// chooses them itself (MinIO lets the caller) so that a create retried after
// a lost answer finds the key it made instead of making a second one.
type CredentialGenerator func() (accessKey, secretKey string, err error)

// RandomCredentials draws both halves from crypto/rand.
func RandomCredentials() (string, string, error) {
	access, err := randomString(accessKeyLength, accessKeyChars)
	if err != nil {
		return "", "", err
	}
	secret, err := randomString(secretKeyLength, secretKeyChars)
	if err != nil {
		return "", "", err
	}
	return access, secret, nil
}

func randomString(n int, alphabet string) (string, error) {
	// Rejection sampling keeps every character equally likely.
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, 2*n)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("draw random key material: %w", err)
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out), nil
}
