package glesys

import (
	"context"
	"fmt"
	"net/http"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/httpapi"
)

// createTries bounds one create: the first try, and one more after an
// ambiguous failure whose possible orphan was deleted.
const createTries = 2

// CreateKey creates a credential. As on every HTTP backend, a create is
// never retried blindly: after an ambiguous failure the instance's
// credentials are read again, the ones that create may have made (same
// description, not there before, not made by this process) are deleted,
// and the create is tried once more.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	if err := backend.FirstInvalid(b.ValidateKey(spec)); err != nil {
		return backend.Key{}, err
	}
	before, err := b.instances.Get(ctx, spec.InstanceID, b.loader(spec.InstanceID))
	if err != nil {
		return backend.Key{}, err
	}
	body := map[string]string{"instanceid": spec.InstanceID, "description": spec.Name}
	for try := 1; ; try++ {
		resp, err := b.api.Do(ctx, httpapi.Request{Method: http.MethodPost, Path: "/objectstorage/createcredential", Body: body})
		if err == nil && resp.Status == http.StatusOK {
			var out struct {
				Credential credential `json:"credential"`
			}
			if err := decode("createcredential", resp, &out); err != nil {
				return backend.Key{}, err
			}
			b.created.Store(out.Credential.ID, true)
			b.instances.Put(spec.InstanceID, out.Credential.ID, out.Credential)
			return out.Credential.toKey(spec.InstanceID), nil
		}
		if !httpapi.IsAmbiguous(resp, err) {
			if err != nil {
				return backend.Key{}, fmt.Errorf("createcredential: %w", err)
			}
			return backend.Key{}, decode("createcredential", resp, nil)
		}
		b.instances.Invalidate(spec.InstanceID)
		removed, cleanupErr := b.deleteOrphans(ctx, spec, before)
		if cleanupErr != nil {
			return backend.Key{}, fmt.Errorf("createcredential failed without a clear answer, and the search for a credential it "+
				"may have made failed: %w; look for credentials described %q in instance %s that Terraform does not know", cleanupErr, spec.Name, spec.InstanceID)
		}
		if try == createTries {
			return backend.Key{}, fmt.Errorf("createcredential failed without a clear answer on each of %d tries; "+
				"the %d credential(s) they made were deleted, so nothing is left behind: apply again later", createTries, removed)
		}
	}
}

func (b *Backend) deleteOrphans(ctx context.Context, spec backend.KeySpec, before map[string]credential) (int, error) {
	now, err := b.instances.Get(ctx, spec.InstanceID, b.loader(spec.InstanceID))
	if err != nil {
		return 0, err
	}
	removed := 0
	for id, c := range now {
		_, existed := before[id]
		_, ours := b.created.Load(id)
		if c.Description != spec.Name || existed || ours {
			continue
		}
		if err := b.DeleteKey(ctx, backend.ScopedID(spec.InstanceID, id)); err != nil {
			return removed, err
		}
		removed++
	}
	return removed, nil
}
