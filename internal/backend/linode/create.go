package linode

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/create"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// CreateKey creates a key and returns it with its secret, the only time
// Linode shows it: a POST under a pending label (create.PendingName), then
// a PUT of the real label. See create.Once for what happens after an
// unclear answer.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	var pending string
	created, err := create.Once(ctx,
		func(ctx context.Context, _ int) (apiKey, bool, error) {
			label, err := create.PendingName()
			if err != nil {
				return apiKey{}, false, err
			}
			pending = label
			var k apiKey
			unclear, err := b.keys.Create(ctx, httpapi.Request{Method: http.MethodPost, Path: b.keysPath(), Body: createBodyFor(spec, pending)}, &k)
			return k, unclear, err
		},
		func(ctx context.Context, try int) (create.Settled[apiKey], error) {
			// Every key under the pending label is this create's; its
			// secret is lost with the answer, so it is revoked.
			return create.FindMade[apiKey]{
				Noun:   "key",
				Mark:   fmt.Sprintf("labelled %q", pending),
				List:   b.keys.Fresh,
				Made:   func(_ string, k apiKey) bool { return k.Label == pending },
				Revoke: b.DeleteKey,
			}.Settle(ctx, try)
		})
	if err != nil {
		// Each attempt's error names the operation already.
		return backend.Key{}, err
	}
	id := strconv.Itoa(created.ID)
	if err := b.keys.Write(ctx, "label key "+id, httpapi.Request{Method: http.MethodPut, Path: b.keyPath(id), Body: updateBody{Label: spec.Name}}, nil); err != nil {
		made := created.toKey()
		return backend.Key{}, &backend.UncertainCreateError{Key: &made, Err: fmt.Errorf(
			"create key: key %s was made under the label %q but could not be given its label %q (%w)", id, pending, spec.Name, err)}
	}
	created.Label = spec.Name
	b.keys.Wrote(created.withoutSecret())
	return created.toKey(), nil
}
