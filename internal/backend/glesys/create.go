package glesys

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/httpapi"
)

// CreateKey creates a credential. GleSYS cannot rename a credential, so a
// create cannot mark its key the way the Linode backend does; instead each
// attempt lists the instance's credentials just before it. After an
// unclear answer the instance is listed again: a credential with the
// spec's description that was not there before is the attempt's, when it
// is the only one. Its secret is readable, so it is adopted rather than
// revoked. Two or more such credentials are left alone (one may be a
// colleague's, made in the same moment) and the error lists them.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	var before map[string]credential
	created, err := backend.CreateOnce(ctx,
		func(ctx context.Context, _ int) (credential, bool, error) {
			var err error
			if before, err = b.credentials(ctx, spec.InstanceID); err != nil {
				return credential{}, false, fmt.Errorf("list the instance's credentials before the create: %w", err)
			}
			resp, err := b.api.Do(ctx, httpapi.Request{Method: http.MethodPost, Path: "/objectstorage/createcredential",
				Body: map[string]string{"instanceid": spec.InstanceID, "description": spec.Name}})
			if httpapi.Unclear(resp, err) {
				return credential{}, true, decode("createcredential", resp, err, nil)
			}
			var out struct {
				Credential credential `json:"credential"`
			}
			return out.Credential, false, decode("createcredential", resp, err, &out)
		},
		func(ctx context.Context, _ int) (backend.Settled[credential], error) {
			return b.findCreated(ctx, spec, before)
		})
	if err != nil {
		return backend.Key{}, fmt.Errorf("createcredential: %w", err)
	}
	b.instances.Put(spec.InstanceID, created.ID, created)
	return created.toKey(spec.InstanceID), nil
}

// findCreated looks for the credential an unclear create made: described
// as spec.Name and not among those there before.
func (b *Backend) findCreated(ctx context.Context, spec backend.KeySpec, before map[string]credential) (backend.Settled[credential], error) {
	b.instances.Invalidate(spec.InstanceID)
	now, err := b.credentials(ctx, spec.InstanceID)
	if err != nil {
		return backend.Settled[credential]{}, fmt.Errorf("list the instance's credentials: %w; a credential described %q may "+
			"exist on instance %s, made by this create: check the instance", err, spec.Name, spec.InstanceID)
	}
	var candidates []credential
	for id, c := range now {
		if _, existed := before[id]; !existed && c.Description == spec.Name {
			candidates = append(candidates, c)
		}
	}
	switch len(candidates) {
	case 0:
		return backend.Settled[credential]{}, nil
	case 1:
		tflog.Warn(ctx, "adopted the credential an unclear create made", map[string]any{"id": candidates[0].ID, "instance_id": spec.InstanceID})
		return backend.Settled[credential]{Adopted: true, Result: candidates[0]}, nil
	}
	ids := make([]string, len(candidates))
	for i, c := range candidates {
		ids[i] = backend.ScopedID(spec.InstanceID, c.ID)
	}
	return backend.Settled[credential]{}, fmt.Errorf("%d new credentials are described %q (%s): one may be this create's, the others "+
		"someone else's, so all are left in place; import the one that is yours, or delete the ones nobody uses",
		len(candidates), spec.Name, strings.Join(ids, ", "))
}
