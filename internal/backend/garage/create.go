package garage

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// CreateKey imports a key with an id (carrying the backend's mark) and a
// secret chosen here, then lets it create buckets (every key may) and sets
// its expiration, then allows it on its buckets. The import may be sent
// again after an unclear answer: a key under this id holding this secret
// is this create's beyond doubt. A create that fails after the import
// deletes the key it made.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	defer b.wrote()
	id, secret, err := newCredentials()
	if err != nil {
		return backend.Key{}, err
	}
	body := map[string]any{"accessKeyId": id, "secretAccessKey": secret, "name": spec.Name}
	// The import may be repeated after an unclear answer: a repeat of one
	// that went through answers KeyAlreadyExists, and adopt settles it.
	err = b.call(ctx, "create key", httpapi.Request{Method: http.MethodPost, Path: "/ImportKey", Body: body, Idempotent: true}, nil)
	switch {
	case httpapi.CodeOf(err) == codeKeyAlreadyExists:
		if err := b.adopt(ctx, id, secret); err != nil {
			return backend.Key{}, err
		}
	case err != nil:
		made := backend.Key{ID: id, AccessKey: id, SecretKey: secret, Name: spec.Name, Limited: true}
		if httpapi.UnclearError(err) {
			// The key may exist; its credentials are known, so it is kept
			// in state and the next apply removes it.
			return backend.Key{}, &backend.UncertainCreateError{Key: &made, MayExist: true, Err: err}
		}
		return backend.Key{}, err
	}
	key, err := b.finish(ctx, id, spec)
	if err != nil {
		if cleanupErr := b.deleteKey(context.WithoutCancel(ctx), id); cleanupErr != nil {
			made := backend.Key{ID: id, AccessKey: id, SecretKey: secret, Name: spec.Name, Limited: true}
			return backend.Key{}, &backend.UncertainCreateError{Key: &made, Err: fmt.Errorf(
				"%w; key %s was made and could not be deleted (%v): the next apply removes it", err, id, cleanupErr)}
		}
		return backend.Key{}, fmt.Errorf("%w; the key made, %s, was deleted", err, id)
	}
	key.SecretKey = secret
	return key, nil
}

// finish gives a new key what ImportKey cannot: bucket creation, its
// expiration and its grants.
func (b *Backend) finish(ctx context.Context, id string, spec backend.KeySpec) (backend.Key, error) {
	update := keyUpdate{Allow: &rights{CreateBucket: true}}
	if !spec.ExpiresAt.IsZero() {
		at := spec.ExpiresAt.UTC()
		update.Expiration = &at
	}
	var info keyInfo
	if err := b.call(ctx, "update key "+id, httpapi.Request{Method: http.MethodPost, Path: "/UpdateKey", Query: url.Values{"id": {id}},
		Body: update, Idempotent: true}, &info); err != nil {
		return backend.Key{}, err
	}
	key := info.toKey()
	for _, g := range spec.Grants {
		if err := b.setFlags(ctx, id, g, &permissions{}); err != nil {
			return backend.Key{}, err
		}
	}
	key.Grants = slices.Clone(spec.Grants)
	backend.SortGrants(key.Grants)
	return key, nil
}

// adopt checks that the key a repeated import found is the create's own:
// it holds the create's secret.
func (b *Backend) adopt(ctx context.Context, id, secret string) error {
	info, err := b.keyInfo(ctx, id)
	if err != nil {
		return err
	}
	if info.SecretAccessKey == nil || *info.SecretAccessKey != secret {
		return fmt.Errorf("create key: key %s exists and does not hold this create's secret: it is not this provider's", id)
	}
	tflog.Warn(ctx, "adopted the key a repeated create made", map[string]any{"id": id})
	return nil
}
