package digitalocean

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/create"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// CreateKey creates a key and returns it with its secret, the only time
// DigitalOcean shows it: a POST under a pending name (create.PendingName),
// then a PUT of the real name. See create.Once for what happens after an
// unclear answer.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	var pending string
	grants := grantsFor(spec)
	created, err := create.Once(ctx,
		func(ctx context.Context, _ int) (apiKey, bool, error) {
			name, err := create.PendingName()
			if err != nil {
				return apiKey{}, false, err
			}
			pending = name
			var root keyRoot
			unclear, err := b.keys.Create(ctx, httpapi.Request{Method: http.MethodPost, Path: keysPath, Body: keyBody{Name: pending, Grants: grants}}, &root)
			if err != nil {
				return apiKey{}, unclear, err
			}
			if root.Key.AccessKey == "" || root.Key.SecretKey == "" {
				// Made, most likely, but not handed over: settled as a
				// lost answer, by the pending name.
				return apiKey{}, true, errors.New("create key: DigitalOcean's answer holds no access key and secret for the key it made")
			}
			return root.Key, false, nil
		},
		func(ctx context.Context, try int) (create.Settled[apiKey], error) {
			// Every key under the pending name is this create's; its
			// secret is lost with the answer, so it is revoked. The list
			// is asked for that name alone, and every page of the answer
			// is read, whether or not the service applied the filter.
			return create.FindMade[apiKey]{
				Noun: "key",
				Mark: fmt.Sprintf("named %q", pending),
				List: func(ctx context.Context) (map[string]apiKey, error) {
					b.keys.Forget()
					return b.named(ctx, pending)
				},
				Made:   func(_ string, k apiKey) bool { return k.Name == pending },
				Revoke: b.DeleteKey,
			}.Settle(ctx, try)
		})
	if err != nil {
		// Each attempt's error names the operation already.
		return backend.Key{}, err
	}
	named, err := b.rename(ctx, created.AccessKey, spec.Name, created.Grants)
	if err != nil {
		made := created.toKey()
		return backend.Key{}, &backend.UncertainCreateError{Key: &made, Err: fmt.Errorf(
			"create key: key %s was made under the name %q but could not be given its name %q (%w)", created.AccessKey, pending, spec.Name, err)}
	}
	named.SecretKey = created.SecretKey
	return named, nil
}

// named lists the keys with a name, every page of them.
func (b *Backend) named(ctx context.Context, name string) (map[string]apiKey, error) {
	filter := url.Values{"name": {name}}
	keys := map[string]apiKey{}
	for n, pages := 1, 1; n <= min(pages, maxPages); n++ {
		page, total, err := b.pageOf(ctx, n, filter)
		if err != nil {
			return nil, err
		}
		for _, k := range page {
			keys[k.AccessKey] = k
		}
		pages = total
	}
	return keys, nil
}
