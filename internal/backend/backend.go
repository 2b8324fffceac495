// Package backend is the seam between the provider and the object-storage
// services: one Backend interface, the Key and Grant types it speaks in, the
// capability table the provider plans by, and the typed errors every backend
// returns. The provider knows Terraform and this package; each backend knows
// its service and this package; neither knows the other's details.
package backend

import "context"

// Backend manages access keys on one object-storage service.
//
// A key is named by its Key.ID everywhere, one opaque string; an
// instance-scoped backend makes it ScopedID(INSTANCE_ID, KEY_ID), since the
// service reads keys through their instance.
//
// Implementations return errors that wrap ErrNotFound or ErrAlreadyExists,
// or are *InvalidInputError (Attribute "id" for an id of the wrong shape,
// refused before any call) or *UncertainCreateError, so callers can react
// without parsing messages. No error may carry a secret.
type Backend interface {
	// Capabilities says what the service can do; the provider plans updates
	// and replacements by it instead of by the backend's name.
	Capabilities() Capabilities

	// ValidateKey checks a desired key against the service's rules without
	// calling the service, so that bad input fails at plan time.
	ValidateKey(spec KeySpec) []InvalidInputError

	// CreateKey creates a key and returns it with its secret, the only time
	// most services show it. It refuses what ValidateKey refuses before
	// calling the service, never sends a create twice blindly (see
	// CreateOnce), and never changes or revokes a key it cannot prove it
	// made.
	CreateKey(ctx context.Context, spec KeySpec) (Key, error)

	// GetKey returns one key without its secret unless the service can reveal
	// it again (Capabilities.SecretReadable).
	GetKey(ctx context.Context, id string) (Key, error)

	// ListKeys returns every key this backend manages.
	ListKeys(ctx context.Context) ([]Key, error)

	// UpdateKey changes a key in place. Callers only ask for changes the
	// capabilities allow. It refuses what ValidateKey refuses.
	UpdateKey(ctx context.Context, id string, spec KeySpec) (Key, error)

	// DeleteKey revokes a key. A key that is already gone is not an error.
	DeleteKey(ctx context.Context, id string) error

	// SetGrant adds or changes the grant on one bucket of a limited key and
	// leaves its other grants alone. Only for Capabilities.GrantsMutable.
	SetGrant(ctx context.Context, keyID string, grant Grant) error

	// RemoveGrant removes the grant on one bucket of a limited key. A grant
	// or key that is already gone is not an error.
	RemoveGrant(ctx context.Context, keyID string, grant Grant) error
}
