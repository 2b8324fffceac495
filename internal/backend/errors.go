package backend

import (
	"errors"
	"fmt"
)

// ErrNotFound means the key (or grant) does not exist on the service.
var ErrNotFound = errors.New("not found")

// ErrAlreadyExists means the service already holds a key with the chosen
// access key that this provider did not create.
var ErrAlreadyExists = errors.New("already exists")

// InvalidInputError is input the service would refuse, found before calling
// it. Attribute names the resource attribute at fault.
type InvalidInputError struct {
	Attribute string
	Detail    string
}

func (e *InvalidInputError) Error() string {
	return fmt.Sprintf("invalid %s: %s", e.Attribute, e.Detail)
}

// IsNotFound reports whether err means the key or grant does not exist.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// FirstInvalid returns the first of errs as an error, or nil. Backends call it
// at the top of CreateKey and UpdateKey with what ValidateKey found, so that
// nothing invalid reaches the service even when a caller skipped validation.
func FirstInvalid(errs []InvalidInputError) error {
	if len(errs) == 0 {
		return nil
	}
	return &errs[0]
}
