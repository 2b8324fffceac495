// Package peerstate holds what the backends' move decoders share when they
// read the state another provider keeps for a key: which stored secrets
// are usable and the warning for a state that holds none.
package peerstate

import (
	"fmt"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// UsableSecret is a secret from a peer's state, or "" and why for the
// values that stand for none.
func UsableSecret(s *string) (secret string, why string) {
	switch {
	case s == nil:
		return "", "it is null"
	case *s == "":
		return "", "it is empty"
	case *s == "[REDACTED]":
		return "", "it is the literal [REDACTED] the API answers on reads"
	}
	return *s, ""
}

// NoSecret is the warning for a state that holds no usable secret, on a
// service that cannot show the secret again.
func NoSecret(typeName, why string) string {
	return fmt.Sprintf("The %s state holds no secret for this key (%s), so secret_key is null after the move. "+
		"The key keeps working for whoever holds its secret. To have Terraform hold a secret, replace the key "+
		"once moved: terraform apply -replace=<this resource's address>.", typeName, why)
}

// KeepSecret sets key's secret from a state's stored one, with NoSecret's
// warning when the state holds none.
func KeepSecret(key *backend.MovedKey, typeName string, stored *string) {
	secret, why := UsableSecret(stored)
	key.SecretKey = secret
	if secret == "" {
		key.Warnings = append(key.Warnings, NoSecret(typeName, why))
	}
}
