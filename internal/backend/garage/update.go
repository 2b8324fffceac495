package garage

import (
	"context"
	"net/http"
	"net/url"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// UpdateKey changes what differs from the key as read: its name and
// expiration in one request, then each bucket whose flags differ (unless
// the grants are kept): an Allow of what is missing, a Deny of what is
// beyond.
func (b *Backend) UpdateKey(ctx context.Context, id string, spec backend.KeySpec) (backend.Key, error) {
	defer b.wrote()
	if !IsOurs(id) {
		return backend.Key{}, b.notFound(ctx, id)
	}
	info, err := b.keyInfo(ctx, id)
	if err != nil {
		return backend.Key{}, err
	}
	key := info.toKey()
	// The caller keeps the secret it has; an update hands none back.
	key.SecretKey = ""
	var update keyUpdate
	changed := false
	if key.Name != spec.Name {
		update.Name, changed = &spec.Name, true
	}
	if !key.ExpiresAt.Equal(spec.ExpiresAt) {
		changed = true
		if spec.ExpiresAt.IsZero() {
			update.NeverExpires = true
		} else {
			at := spec.ExpiresAt.UTC()
			update.Expiration = &at
		}
	}
	if changed {
		if err := b.call(ctx, "update key "+id, httpapi.Request{Method: http.MethodPost, Path: "/UpdateKey",
			Query: url.Values{"id": {id}}, Body: update, Idempotent: true}, nil); err != nil {
			return backend.Key{}, err
		}
		key.Name, key.ExpiresAt = spec.Name, spec.ExpiresAt
	}
	if spec.KeepGrants {
		return key, nil
	}
	for _, held := range info.Buckets {
		name := bucketName(held.ID, held.GlobalAliases)
		if _, wanted := backend.GrantFor(spec.Grants, name, ""); !wanted && held.Permissions != (permissions{}) {
			if err := b.grant(ctx, "DenyBucketKey", id, held.ID, held.Permissions); err != nil {
				return backend.Key{}, err
			}
		}
	}
	for _, g := range spec.Grants {
		held := &permissions{}
		for _, hb := range info.Buckets {
			if bucketName(hb.ID, hb.GlobalAliases) == g.Bucket {
				held = &hb.Permissions
			}
		}
		if *held == flagsOf(g.Permission) {
			continue
		}
		if err := b.setFlags(ctx, id, g, held); err != nil {
			return backend.Key{}, err
		}
	}
	key.Grants = append([]backend.Grant{}, spec.Grants...)
	backend.SortGrants(key.Grants)
	return key, nil
}

// DeleteKey deletes a key the backend made; one already gone is not an
// error, and one without the backend's mark is refused.
func (b *Backend) DeleteKey(ctx context.Context, id string) error {
	defer b.wrote()
	if !IsOurs(id) {
		return b.unlessGone(ctx, id)
	}
	return b.deleteKey(ctx, id)
}

func (b *Backend) deleteKey(ctx context.Context, id string) error {
	err := b.call(ctx, "delete key "+id, httpapi.Request{Method: http.MethodPost, Path: "/DeleteKey", Query: url.Values{"id": {id}},
		Idempotent: true}, nil)
	if backend.IsNotFound(err) {
		return nil
	}
	return err
}
