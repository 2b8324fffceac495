package backend

import (
	"context"
	"fmt"
	"slices"
)

// GrantRewrite implements SetGrant and RemoveGrant for a driver that
// changes one grant by rewriting a limited key's whole grant list: it reads
// the key, changes the one grant, and writes the list back. The caller
// serialises grant changes per key.
type GrantRewrite struct {
	// Read reads the key afresh.
	Read func(ctx context.Context, keyID string) (Key, error)
	// Write gives the key, as Read returned it, its new grants.
	Write func(ctx context.Context, key Key, grants []Grant) error
}

// SetGrant adds or changes the grant on one bucket. A driver that embeds
// GrantRewrite has Driver's SetGrant and RemoveGrant.
func (g GrantRewrite) SetGrant(ctx context.Context, keyID string, grant Grant) error {
	return g.rewrite(ctx, keyID, func(grants []Grant) []Grant { return WithGrant(grants, grant) }, false)
}

// RemoveGrant removes the grant on one bucket; a key or grant already gone
// is not an error.
func (g GrantRewrite) RemoveGrant(ctx context.Context, keyID string, grant Grant) error {
	err := g.rewrite(ctx, keyID, func(grants []Grant) []Grant { return WithoutGrant(grants, grant.Bucket) }, true)
	if IsNotFound(err) {
		return nil
	}
	return err
}

func (g GrantRewrite) rewrite(ctx context.Context, keyID string, change func([]Grant) []Grant, removing bool) error {
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
func changedGrants(key Key, change func([]Grant) []Grant, removing bool) (grants []Grant, done bool, err error) {
	if !key.Limited {
		if removing {
			return nil, true, nil
		}
		return nil, false, &InvalidInputError{
			Field: FieldKey,
			Detail: fmt.Sprintf("key %q is not limited, so it already reaches every bucket: set %s = true on the key to manage its grants one by one.",
				key.ID, Ref(FieldLimited)),
		}
	}
	if slices.ContainsFunc(key.Grants, func(g Grant) bool { return g.Permission == Custom }) {
		return nil, false, &InvalidInputError{
			Field: FieldKey,
			Detail: fmt.Sprintf("the policy of key %q was changed outside Terraform into one this provider does not write; "+
				"rewriting it for one grant would drop those changes. Apply the key's own configuration first, or restore its policy.", key.ID),
		}
	}
	grants = change(slices.Clone(key.Grants))
	SortGrants(grants)
	return grants, false, nil
}

// WithGrant returns grants with g in place of any grant on its bucket.
func WithGrant(grants []Grant, g Grant) []Grant {
	return append(WithoutGrant(grants, g.Bucket), g)
}

// WithoutGrant returns grants without the grant on bucket.
func WithoutGrant(grants []Grant, bucket string) []Grant {
	out := grants[:0:0]
	for _, g := range grants {
		if g.Bucket != bucket {
			out = append(out, g)
		}
	}
	return out
}
