package backend

import (
	"fmt"
	"slices"
)

// ChangedGrants applies one grant's change (SetGrant, RemoveGrant) to a
// key as read, for backends that rewrite a key's whole policy to change
// one grant. It refuses a key that is not limited (unless removing, which
// then has nothing to do: done is true) and a key whose policy holds what
// this provider does not write, which a rewrite would drop.
func ChangedGrants(key Key, change func([]Grant) []Grant, removing bool) (grants []Grant, done bool, err error) {
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
