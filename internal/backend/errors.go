package backend

import (
	"context"
	"errors"
	"fmt"
)

// The typed errors of the portable layer. The provider maps each kind to a
// diagnostic in one place; nobody parses messages.

// ErrNotFound means the key (or grant) does not exist on the service.
var ErrNotFound = errors.New("not found")

// ErrAlreadyExists means the service already holds a key with the chosen
// access key that this provider did not create.
var ErrAlreadyExists = errors.New("already exists")

// InvalidInputError is input the service would refuse, found before calling
// it. Field names the part of the request at fault.
type InvalidInputError struct {
	Field  Field
	Detail string
}

func (e *InvalidInputError) Error() string {
	return fmt.Sprintf("invalid %s: %s", e.Field, e.Detail)
}

// RefusedError is an operation the backend's capabilities rule out, such
// as changing the grants of a key whose grants are fixed at creation.
type RefusedError struct {
	Operation string
	// Capability is the missing capability's name in Capabilities.
	Capability string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("this backend cannot %s: it lacks the %s capability", e.Operation, e.Capability)
}

// GrantChangeRefused is the refusal of a one-grant change on a backend
// whose grants are fixed when a key is created.
func GrantChangeRefused() *RefusedError {
	return &RefusedError{Operation: "change one grant of an existing key", Capability: "GrantsMutable"}
}

// IsNotFound reports whether err means the key or grant does not exist.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// FixedGrants gives a driver whose grants are fixed at creation (or that
// has none) the SetGrant and RemoveGrant it never receives: the portable
// layer refuses grant changes on it first.
type FixedGrants struct{}

// SetGrant is refused: see FixedGrants.
func (FixedGrants) SetGrant(context.Context, string, Grant) error { return GrantChangeRefused() }

// RemoveGrant is refused: see FixedGrants.
func (FixedGrants) RemoveGrant(context.Context, string, Grant) error { return GrantChangeRefused() }

// NotOursError means the key exists but belongs to another identity than
// the one the provider is configured with. The provider never adopts,
// changes or revokes such a key: import, a moved block, an identity import
// and the data sources refuse it before any write.
type NotOursError struct {
	ID string
	// Owner and Us name the key's owner and the configured identity the
	// way the service does, such as `MinIO user "app-team"`.
	Owner, Us string
	// Remedy says what to do instead, in the backend's terms.
	Remedy string
}

func (e *NotOursError) Error() string {
	return fmt.Sprintf("key %q belongs to %s, not to %s, whose keys this provider manages; it never adopts, changes or revokes "+
		"a key of another owner. %s", e.ID, e.Owner, e.Us, e.Remedy)
}
