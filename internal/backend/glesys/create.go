package glesys

import (
	"context"
	"fmt"
	"net/http"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/create"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
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
	created, err := create.Once(ctx,
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
		func(ctx context.Context, try int) (create.Settled[credential], error) {
			// A new credential with the spec's description is this
			// create's when it is the only one; its secret is readable,
			// so it is adopted.
			return create.FindMade[credential]{
				Noun: "credential",
				Mark: fmt.Sprintf("described %q", spec.Name),
				List: func(ctx context.Context) (map[string]credential, error) {
					b.instances.Invalidate(spec.InstanceID)
					return b.credentials(ctx, spec.InstanceID)
				},
				Made: func(id string, c credential) bool {
					_, existed := before[id]
					return !existed && c.Description == spec.Name
				},
				ShowID: func(id string) string { return backend.ScopedID(spec.InstanceID, id) },
			}.Settle(ctx, try)
		})
	if err != nil {
		return backend.Key{}, fmt.Errorf("createcredential: %w", err)
	}
	b.instances.Put(spec.InstanceID, created.ID, created)
	return created.toKey(spec.InstanceID), nil
}
