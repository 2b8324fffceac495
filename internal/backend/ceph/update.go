package ceph

import (
	"context"
	"slices"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// UpdateKey changes what differs from the key as read: the user's display
// name and suspension in one request, the key's secret, and the policy,
// which is written again after any change of the user (Ceph 16 drops it
// then) even where the grants stay, and read back.
func (b *Backend) UpdateKey(ctx context.Context, id string, spec backend.KeySpec) (backend.Key, error) {
	uid := b.uidOf(id)
	u, k, held, err := b.own(ctx, id)
	if err != nil {
		return backend.Key{}, err
	}
	key, err := keyOf(u, k, held)
	if err != nil {
		return backend.Key{}, err
	}

	userChanged := false
	var name *string
	var suspended *bool
	if key.Name != spec.Name {
		name = &spec.Name
	}
	if key.Disabled != spec.Disabled {
		suspended = &spec.Disabled
	}
	if name != nil || suspended != nil {
		if err := b.modifyUser(ctx, uid, name, suspended); err != nil {
			return backend.Key{}, err
		}
		key.Name, key.Disabled, userChanged = spec.Name, spec.Disabled, true
	}
	if spec.SecretKey != "" && spec.SecretKey != key.SecretKey {
		if err := b.setSecret(ctx, uid, id, spec.SecretKey); err != nil {
			return backend.Key{}, err
		}
		key.SecretKey, userChanged = spec.SecretKey, true
	}

	limited, grants := key.Limited, key.Grants
	switch {
	case !spec.KeepGrants:
		limited, grants = spec.Limited, slices.Clone(spec.Grants)
		backend.SortGrants(grants)
	case key.Limited != spec.Limited || held == "":
		// The grants belong to others, but whether the key is limited is
		// the key's: an unrestricted key that becomes limited starts with
		// no grant, as does a key whose policy Ceph dropped.
		limited, grants = spec.Limited, nil
	}
	want, err := policyOf(limited, grants)
	if err != nil {
		return backend.Key{}, &backend.InvalidInputError{Field: backend.FieldGrants, Detail: err.Error()}
	}
	if spec.KeepGrants && key.Limited == spec.Limited && held != "" {
		// Written back as held, statements this provider did not write
		// included.
		want = held
	}
	if userChanged || want != held {
		if err := b.writePolicy(ctx, uid, want); err != nil {
			return backend.Key{}, err
		}
		key.Limited, key.Grants = limited, grants
	}
	return key, nil
}
