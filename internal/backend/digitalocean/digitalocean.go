// Package digitalocean manages DigitalOcean Spaces access keys through
// DigitalOcean API v2. Grants are fixed when a key is created (a change
// replaces the key); the name changes in place. Reads are served from the
// paginated list of the account's keys where that is cheaper than a GET per
// key.
package digitalocean

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/grants"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/restkeys"
)

// Config is what the provider's digitalocean block configures.
type Config struct {
	URL       string // scheme and host, https://api.digitalocean.com
	Token     string
	UserAgent string

	httpapi.Retries
	// Transport carries the requests; Go's default when nil.
	Transport http.RoundTripper
}

// Backend is the DigitalOcean backend.
type Backend struct {
	// DigitalOcean fixes a key's grants when it is created.
	grants.Fixed

	// keys is the account's keys: read singly or from the list (oldest
	// first), written through the one client.
	keys *restkeys.Keys[apiKey]
}

var _ backend.Driver = (*Backend)(nil)

const (
	keysPath = "/v2/spaces/keys"
	perPage  = 200 // the largest page the API serves
	maxPages = 1000
)

// New returns a backend for cfg. It makes no call.
func New(cfg Config) *Backend {
	token := cfg.Token
	b := &Backend{}
	b.keys = restkeys.New(restkeys.Config[apiKey]{
		API: httpapi.New(httpapi.Config{
			BaseURL:   strings.TrimRight(cfg.URL, "/"),
			UserAgent: cfg.UserAgent,
			Authorize: func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) },
			URLHint:   urlHint,
			Retries:   cfg.Retries,
			Transport: cfg.Transport,
		}),
		Decode:   decode,
		ID:       func(k apiKey) string { return k.AccessKey },
		ToKey:    apiKey.toKey,
		One:      b.getOne,
		Page:     b.page,
		MaxPages: maxPages,
	})
	return b
}

// Capabilities is the backend's row of the capability table (kind.go).
func (b *Backend) Capabilities() backend.Capabilities { return capabilities }

// ValidateKey checks that a key has a name. The contract sets no other
// bound on it, and the capability table refuses regions, instances and
// the rest.
func (b *Backend) ValidateKey(spec backend.KeySpec) []backend.InvalidInputError {
	if spec.Name == "" {
		return []backend.InvalidInputError{{Field: backend.FieldName, Detail: "A DigitalOcean Spaces key needs a name."}}
	}
	return nil
}

// ValidateID checks that id looks like a Spaces access key.
func (b *Backend) ValidateID(id string) *backend.InvalidInputError {
	if id == "" || len(id) > 128 || strings.Trim(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") != "" {
		return &backend.InvalidInputError{Field: backend.FieldID, Detail: fmt.Sprintf(
			"%q is not a Spaces access key: a key is named by its access key, letters and digits such as DO00QWERTYUIOPASDFGH.", id)}
	}
	return nil
}

func keyPath(accessKey string) string { return keysPath + "/" + url.PathEscape(accessKey) }

// GetKey reads one key (restkeys.Keys.GetKey).
func (b *Backend) GetKey(ctx context.Context, id string) (backend.Key, error) {
	return b.keys.GetKey(ctx, id)
}

// getOne reads one key with GET. An answer that holds some other key, or
// none (the published schema of this answer describes a list), is an error,
// never a key gone: only DigitalOcean's 404 drops a key from state.
func (b *Backend) getOne(ctx context.Context, id string) (apiKey, error) {
	var root keyRoot
	if err := b.keys.Call(ctx, "read key "+id, httpapi.Request{Method: http.MethodGet, Path: keyPath(id)}, &root); err != nil {
		return apiKey{}, err
	}
	if root.Key.AccessKey != id {
		return apiKey{}, fmt.Errorf("read key %s: DigitalOcean's answer holds no key object for it (its key's access key is %q)", id, root.Key.AccessKey)
	}
	return root.Key, nil
}

// page fetches page n of the account's keys, oldest first: a key made
// while the pages are fetched lands on the last page instead of pushing
// every key back a place.
func (b *Backend) page(ctx context.Context, n int) ([]apiKey, int, error) {
	return b.pageOf(ctx, n, nil)
}

// pageOf fetches page n of the keys the filter selects.
func (b *Backend) pageOf(ctx context.Context, n int, filter url.Values) ([]apiKey, int, error) {
	q := url.Values{
		"page": {strconv.Itoa(n)}, "per_page": {strconv.Itoa(perPage)},
		"sort": {"created_at"}, "sort_direction": {"asc"},
	}
	for k, v := range filter {
		q[k] = v
	}
	var p listPage
	err := b.keys.Call(ctx, "list keys", httpapi.Request{Method: http.MethodGet, Path: keysPath, Query: q}, &p)
	return p.Keys, (p.Meta.Total + perPage - 1) / perPage, err
}

// ListKeys returns every key of the account.
func (b *Backend) ListKeys(ctx context.Context) ([]backend.Key, error) { return b.keys.ListKeys(ctx) }

// UpdateKey renames a key with PUT, sending the grants it has, as
// DigitalOcean's own clients do: the grants of spec, since a change of
// grants replaces the key instead, or, when spec keeps the grants as they
// are, those a read finds. Grants are never changed here.
func (b *Backend) UpdateKey(ctx context.Context, id string, spec backend.KeySpec) (backend.Key, error) {
	if !spec.KeepGrants {
		return b.rename(ctx, id, spec.Name, grantsFor(spec))
	}
	current, err := b.getOne(ctx, id)
	if err != nil {
		return backend.Key{}, err
	}
	return b.rename(ctx, id, spec.Name, current.Grants)
}

func (b *Backend) rename(ctx context.Context, id, name string, grants []Grant) (backend.Key, error) {
	var root keyRoot
	body := keyBody{Name: name, Grants: grants}
	if err := b.keys.Write(ctx, "update key "+id, httpapi.Request{Method: http.MethodPut, Path: keyPath(id), Body: body}, &root); err != nil {
		return backend.Key{}, err
	}
	b.keys.Wrote(root.Key.withoutSecret())
	return root.Key.withoutSecret().toKey(), nil
}

// DeleteKey revokes a key; one already gone is not an error.
func (b *Backend) DeleteKey(ctx context.Context, id string) error {
	return b.keys.DeleteKey(ctx, id, keyPath(id))
}

// decode turns an answer into out, or the request's failure into an error.
var decode = httpapi.Answers{Service: "DigitalOcean", OK: func(status int) bool { return status >= 200 && status <= 299 }, Error: apiError}.Decode
