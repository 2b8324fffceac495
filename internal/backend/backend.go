// Package backend is the seam between the provider and the object-storage
// services, in two layers. Each service has a Driver (its own package):
// it speaks to the service and knows only valid requests. Keys is the
// portable layer above the drivers: it checks every request once, against
// the capability table and the driver's own rules, before a driver sees it,
// and returns the typed errors of errors.go. The provider knows Terraform,
// Keys and the capability table; a driver knows its service and this
// package; neither knows the other's details.
package backend

import "context"

// Driver manages access keys on one object-storage service.
//
// A key is named by its Key.ID everywhere, one opaque string; an
// instance-scoped driver makes it ScopedID(INSTANCE_ID, KEY_ID), since the
// service reads keys through their instance.
//
// The portable layer calls a driver only with requests that passed
// Capabilities().Check, ValidateKey and ValidateID. Drivers return errors
// that wrap ErrNotFound or ErrAlreadyExists, or are *UncertainCreateError,
// so callers can react without parsing messages. No error may carry a
// secret.
type Driver interface {
	// Capabilities is the driver's row of the capability table.
	Capabilities() Capabilities

	// ValidateKey checks the service's own rules beyond the capability
	// table (name length and characters, size limits), without calling
	// the service.
	ValidateKey(spec KeySpec) []InvalidInputError

	// ValidateID checks that id has the shape of the service's key ids.
	ValidateID(id string) *InvalidInputError

	// CreateKey creates a key and returns it with its secret, the only time
	// most services show it. It never sends a create twice blindly (see
	// create.Once in internal/backend/kit), and never changes or revokes
	// a key it cannot prove it made.
	CreateKey(ctx context.Context, spec KeySpec) (Key, error)

	// GetKey returns one key without its secret unless the service can reveal
	// it again (Capabilities.SecretReadable).
	GetKey(ctx context.Context, id string) (Key, error)

	// ListKeys returns every key this driver manages.
	ListKeys(ctx context.Context) ([]Key, error)

	// UpdateKey changes a key in place. It is asked only for changes the
	// capability table makes in place.
	UpdateKey(ctx context.Context, id string, spec KeySpec) (Key, error)

	// DeleteKey revokes a key. A key that is already gone is not an error.
	DeleteKey(ctx context.Context, id string) error

	// SetGrant adds or changes the grant on one bucket of a limited key and
	// leaves its other grants alone. Only called with GrantsMutable.
	SetGrant(ctx context.Context, keyID string, grant Grant) error

	// RemoveGrant removes the grant on one bucket of a limited key. A grant
	// or key that is already gone is not an error. Only called with
	// GrantsMutable.
	RemoveGrant(ctx context.Context, keyID string, grant Grant) error
}
