package fakeapi

import "crypto/rand"

// Alphabets of the random strings fakes hand out.
const (
	UpperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	LowerDigits = "abcdefghijklmnopqrstuvwxyz0123456789"
	Letters     = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

// RandomString draws n characters of alphabet, as services draw access
// keys, secrets and ids.
func RandomString(n int, alphabet string) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
