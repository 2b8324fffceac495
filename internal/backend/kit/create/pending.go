package create

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// PendingPrefix begins the name a key has while it is being created.
const PendingPrefix = "objectstorage-creating-"

// PendingName draws the name (or label) a key is created under on a service
// that chooses the access key itself: this prefix and 96 random bits,
// which nobody else can have chosen. The key is given its real name as
// soon as it exists; after an unclear answer, a key with that name is the
// create's own beyond doubt (see FindMade), and no other key is ever
// revoked.
func PendingName() (string, error) {
	suffix := make([]byte, 12)
	if _, err := rand.Read(suffix); err != nil {
		return "", fmt.Errorf("draw a pending name: %w", err)
	}
	return PendingPrefix + hex.EncodeToString(suffix), nil
}
