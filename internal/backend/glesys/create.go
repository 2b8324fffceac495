package glesys

import (
	"context"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/httpapi"
)

// CreateKey creates a credential. After an ambiguous failure the shared
// client asks for the credential the create may have made (same
// description, not there before, not made by this process) to be deleted
// before it tries once more; see httpapi.Client.Create.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	if err := backend.FirstInvalid(b.ValidateKey(spec)); err != nil {
		return backend.Key{}, err
	}
	before, err := b.instances.Get(ctx, spec.InstanceID, b.loader(spec.InstanceID))
	if err != nil {
		return backend.Key{}, err
	}
	req := httpapi.Request{Method: http.MethodPost, Path: "/objectstorage/createcredential",
		Body: map[string]string{"instanceid": spec.InstanceID, "description": spec.Name}}
	resp, err := b.api.Create(ctx, req, func(ctx context.Context) (int, error) {
		b.instances.Invalidate(spec.InstanceID)
		removed, err := b.deleteOrphans(ctx, spec, before)
		tflog.Warn(ctx, "a create failed without a clear answer; deleted what it may have made", map[string]any{"description": spec.Name, "deleted": removed})
		return removed, err
	})
	if err != nil {
		return backend.Key{}, fmt.Errorf("createcredential: %w", err)
	}
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

// deleteOrphans deletes the credentials described as spec.Name that were
// not there before and that this process did not create.
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
