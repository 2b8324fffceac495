package grants

import (
	"context"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// Fixed gives a driver whose grants are fixed at creation (or that
// has none) the SetGrant and RemoveGrant it never receives: the portable
// layer refuses grant changes on it first.
type Fixed struct{}

// SetGrant is refused: see Fixed.
func (Fixed) SetGrant(context.Context, string, backend.Grant) error {
	return backend.GrantChangeRefused()
}

// RemoveGrant is refused: see Fixed.
func (Fixed) RemoveGrant(context.Context, string, backend.Grant) error {
	return backend.GrantChangeRefused()
}
