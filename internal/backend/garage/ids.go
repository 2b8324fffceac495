package garage

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
)

// A Garage access key id is GK and 24 lowercase hex digits, and Garage's
// ImportKey takes one the caller chooses. The backend chooses ids that
// carry its mark: GK, 16 random hex digits, and the first 8 hex digits of
// the SHA-256 of markSalt and those 16. A key whose id does not carry the
// mark (one made with CreateKey, or by hand) is not the backend's: it is
// never listed, changed or deleted. An id drawn by Garage itself carries
// the mark by chance once in 4 billion.
const markSalt = "terraform-provider-objectstorage:garage-key:"

// keyIDPattern is Garage's shape of an access key id.
var keyIDPattern = regexp.MustCompile(`^GK[0-9a-f]{24}$`)

// markOf is the mark of the random part of an id.
func markOf(random string) string {
	sum := sha256.Sum256([]byte(markSalt + random))
	return hex.EncodeToString(sum[:4])
}

// IsOurs reports whether id carries the backend's mark.
func IsOurs(id string) bool {
	return keyIDPattern.MatchString(id) && markOf(id[2:18]) == id[18:]
}

// newCredentials draws an id that carries the mark and a 64-hex-digit
// secret, the shape of the secrets Garage makes.
func newCredentials() (id, secret string, err error) {
	random, secretBytes := make([]byte, 8), make([]byte, 32)
	if _, err := rand.Read(random); err != nil {
		return "", "", fmt.Errorf("draw a key id: %w", err)
	}
	if _, err := rand.Read(secretBytes); err != nil {
		return "", "", fmt.Errorf("draw a secret: %w", err)
	}
	r := hex.EncodeToString(random)
	return "GK" + r + markOf(r), hex.EncodeToString(secretBytes), nil
}
