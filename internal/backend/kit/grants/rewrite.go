// Package grants is what drivers share to change a key's grants: Rewrite
// reads a key's grants, changes one and writes them back, for services
// whose grants are one document; Fixed refuses every change, for services
// whose grants are fixed at creation.
package grants

import (
	"context"
	"fmt"
	"slices"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// Rewrite implements SetGrant and RemoveGrant for a driver that
// changes one grant by rewriting a limited key's whole grant list: it reads
// the key, changes the one grant, and writes the list back. The caller
// serialises grant changes per key.
type Rewrite struct {
	// Read reads the key afresh.
	Read func(ctx context.Context, keyID string) (backend.Key, error)
	// Write gives the key, as Read returned it, its new grants.
	Write func(ctx context.Context, key backend.Key, grants []backend.Grant) error
}

// SetGrant adds or changes the grant on one bucket. A driver that embeds
// Rewrite has Driver's SetGrant and RemoveGrant.
func (g Rewrite) SetGrant(ctx context.Context, keyID string, grant backend.Grant) error {
	return g.rewrite(ctx, keyID, func(grants []backend.Grant) []backend.Grant { return With(grants, grant) }, false)
}

// RemoveGrant removes the grant on one bucket; a key or grant already gone
// is not an error.
func (g Rewrite) RemoveGrant(ctx context.Context, keyID string, grant backend.Grant) error {
	err := g.rewrite(ctx, keyID, func(grants []backend.Grant) []backend.Grant { return Without(grants, grant.Bucket) }, true)
	if backend.IsNotFound(err) {
		return nil
	}
	return err
}

func (g Rewrite) rewrite(ctx context.Context, keyID string, change func([]backend.Grant) []backend.Grant, removing bool) error {
	key, err := g.Read(ctx, keyID)
	if err != nil {
		return err
	}
	grants, done, err := changedGrants(key, change, removing)
	if done || err != nil {
		return err
	}
	return g.Write(ctx, key, grants)
}

// changedGrants applies one grant's change to a key as read. It refuses a
// key that is not limited (unless removing, which then has nothing to do:
// done is true) and a key whose policy holds what this provider does not
// write, which a rewrite would drop.
func changedGrants(key backend.Key, change func([]backend.Grant) []backend.Grant, removing bool) (grants []backend.Grant, done bool, err error) {
	if !key.Limited {
		if removing {
			return nil, true, nil
		}
		return nil, false, &backend.InvalidInputError{
			Field: backend.FieldKey,
			Detail: fmt.Sprintf("key %q is not limited, so it already reaches every bucket: set %s = true on the key to manage its grants one by one.",
				key.ID, backend.Ref(backend.FieldLimited)),
		}
	}
	if slices.ContainsFunc(key.Grants, func(g backend.Grant) bool { return g.Permission == backend.Custom }) {
		return nil, false, &backend.InvalidInputError{
			Field: backend.FieldKey,
			Detail: fmt.Sprintf("the policy of key %q was changed outside Terraform into one this provider does not write; "+
				"rewriting it for one grant would drop those changes. Apply the key's own configuration first, or restore its policy.", key.ID),
		}
	}
	grants = change(slices.Clone(key.Grants))
	backend.SortGrants(grants)
	return grants, false, nil
}

// With returns grants with g in place of any grant on its bucket.
func With(grants []backend.Grant, g backend.Grant) []backend.Grant {
	return append(Without(grants, g.Bucket), g)
}

// Without returns grants without the grant on bucket.
func Without(grants []backend.Grant, bucket string) []backend.Grant {
	out := grants[:0:0]
	for _, g := range grants {
		if g.Bucket != bucket {
			out = append(out, g)
		}
	}
	return out
}
