package create

import (
	"crypto/rand"
	"fmt"
)

// A service that lets the caller choose a key's access key (and secret)
// makes a create safe to settle: after an unclear answer, a key with that
// access key is the create's own beyond doubt. These are the credentials
// such drivers choose, drawn from crypto/rand.
const (
	AccessKeyLength = 20
	SecretKeyLength = 40
	// AccessKeyChars leaves out 1, as AWS-style access keys often do.
	AccessKeyChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0234567"
	SecretKeyChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

// CredentialGenerator chooses a new key's access key and secret.
type CredentialGenerator func() (accessKey, secretKey string, err error)

// RandomCredentials draws an access key and a secret.
func RandomCredentials() (string, string, error) {
	access, err := RandomString(AccessKeyLength, AccessKeyChars)
	if err != nil {
		return "", "", err
	}
	secret, err := RandomString(SecretKeyLength, SecretKeyChars)
	if err != nil {
		return "", "", err
	}
	return access, secret, nil
}

// RandomString draws n characters of alphabet, each equally likely.
func RandomString(n int, alphabet string) (string, error) {
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
