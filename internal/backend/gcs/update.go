package gcs

import (
	"context"
	"fmt"

	"slices"

	iam "google.golang.org/api/iam/v1"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// UpdateKey changes a key in place: its account's display name, its
// bindings bucket by bucket (unless kept), and its HMAC key's state. The
// HMAC key and the account are read afresh: an update acts on what the
// service holds now, not on what this run read earlier.
func (b *Backend) UpdateKey(ctx context.Context, id string, spec backend.KeySpec) (backend.Key, error) {
	r := refOf(id)
	k, err := b.getHMACKey(ctx, r.accessID)
	if err != nil {
		return backend.Key{}, err
	}
	if r.adopted && r.email != k.ServiceAccountEmail {
		return backend.Key{}, fmt.Errorf("update key %s: its HMAC key belongs to service account %s: %w", id, k.ServiceAccountEmail, backend.ErrNotFound)
	}
	a, err := b.settledAccount(ctx, k)
	if err != nil {
		return backend.Key{}, err
	}
	if !r.adopted && !b.isOurs(a) {
		return backend.Key{}, b.notOurs(id, a)
	}
	if a.DisplayName != spec.Name {
		if a, err = b.renameAccount(ctx, a.Email, spec.Name); err != nil {
			return backend.Key{}, err
		}
	}
	all, err := b.policies.all(ctx)
	if err != nil {
		return backend.Key{}, err
	}
	if !spec.KeepGrants {
		if err := b.setGrants(ctx, a.Email, grantsOf(all, a.Email), spec.Grants); err != nil {
			return backend.Key{}, err
		}
	}
	state := active
	if spec.Disabled {
		state = inactive
	}
	if k, err = b.setState(ctx, k, state); err != nil {
		return backend.Key{}, err
	}
	if all, err = b.policies.all(ctx); err != nil {
		return backend.Key{}, err
	}
	return b.toKey(id, k, a, all), nil
}

// setGrants changes an account's bindings from current to want, touching
// only the buckets whose grant changes.
func (b *Backend) setGrants(ctx context.Context, email string, current, want []backend.Grant) error {
	for _, g := range current {
		if _, kept := backend.GrantFor(want, g.Bucket, ""); !kept {
			if err := b.policies.set(ctx, g.Bucket, email, "", true); err != nil {
				return err
			}
		}
	}
	for _, g := range want {
		if slices.Contains(current, g) {
			continue
		}
		if err := b.policies.set(ctx, g.Bucket, email, g.Permission, true); err != nil {
			return err
		}
	}
	return nil
}

// SetGrant binds a key's account on one bucket to the grant's roles.
func (b *Backend) SetGrant(ctx context.Context, keyID string, grant backend.Grant) error {
	email, err := b.emailOf(ctx, keyID)
	if err != nil {
		return err
	}
	return b.policies.set(ctx, grant.Bucket, email, grant.Permission, true)
}

// RemoveGrant unbinds a key's account from one bucket; a key or binding
// already gone is not an error.
func (b *Backend) RemoveGrant(ctx context.Context, keyID string, grant backend.Grant) error {
	email, err := b.emailOf(ctx, keyID)
	if backend.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return b.policies.set(ctx, grant.Bucket, email, "", true)
}

// emailOf is the account of a key the provider may change.
func (b *Backend) emailOf(ctx context.Context, id string) (string, error) {
	k, err := b.hmacKeys.Get(ctx, refOf(id).accessID)
	if err != nil {
		return "", err
	}
	a, err := b.accountOf(ctx, id, k)
	if err != nil {
		return "", err
	}
	return a.Email, nil
}

// DeleteKey revokes a key: its account's bindings go, its HMAC key is
// deactivated and deleted, then its account. A key moved in with an
// account made elsewhere loses its HMAC key alone: the account and its
// bindings stay theirs. Everything is read afresh: a delete acts on what
// the service holds now.
func (b *Backend) DeleteKey(ctx context.Context, id string) error {
	r := refOf(id)
	k, err := b.getHMACKeyAny(ctx, r.accessID)
	if backend.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if r.adopted {
		if k.State == deleted || k.ServiceAccountEmail != r.email {
			return nil
		}
		return b.revokeHMACKey(ctx, k)
	}
	var a *iam.ServiceAccount
	if k.State == deleted {
		// Only its account may be left, from a delete that stopped there.
		a, err = b.getAccount(ctx, k.ServiceAccountEmail)
	} else {
		a, err = b.settledAccount(ctx, k)
	}
	if backend.IsNotFound(err) && k.State != deleted && b.young(k) {
		return fmt.Errorf("delete key %s: IAM does not show its service account %s yet, so the key cannot be proven "+
			"the provider's; it is left as it is: run the same command again in a minute", id, k.ServiceAccountEmail)
	}
	if backend.IsNotFound(err) {
		return nil // the account is gone, and its key with it
	}
	if err != nil {
		return err
	}
	switch {
	case !b.isOurs(a) && k.State == deleted:
		return nil // gone, and its account is someone else's
	case !b.isOurs(a):
		return b.notOurs(id, a)
	}
	if err := b.policies.unbindAll(ctx, a.Email); err != nil {
		return err
	}
	if k.State != deleted {
		if err := b.revokeHMACKey(ctx, k); err != nil {
			return err
		}
	}
	return b.deleteAccount(ctx, a.Email)
}
