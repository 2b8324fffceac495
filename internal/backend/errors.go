package backend

import (
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

// UncertainCreateError is a create that did not finish cleanly. Its message
// says what happened and what, if anything, may be left on the service.
type UncertainCreateError struct {
	// Key, when set, is a key the create made or may have made, with its
	// secret: the backend knows it whole (it chose the credentials, or the
	// create succeeded but a later step failed). The provider keeps it in
	// state, marked for replacement, so that the next apply removes it
	// instead of leaving it behind.
	Key *Key
	// Unsettled is set when the search for what the create made failed:
	// a key may exist that nobody knows of but the error's message.
	Unsettled bool
	// MayExist is set when the search found nothing that it could trust
	// to stay so (create.Settled.MayAppear, internal/backend/kit).
	MayExist bool
	Err      error
}

func (e *UncertainCreateError) Error() string { return e.Err.Error() }

func (e *UncertainCreateError) Unwrap() error { return e.Err }
