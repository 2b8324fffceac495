// Package linode manages Linode Object Storage keys through Linode API v4.
// Grants are fixed when a key is created (a change replaces the key); label
// and regions change in place. Reads are served from one paginated list of
// the account's keys where that is cheaper than a GET per key.
package linode

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

// Config is what the provider's linode block configures.
type Config struct {
	URL        string // scheme and host, https://api.linode.com
	APIVersion string // v4
	Token      string
	UserAgent  string

	httpapi.Retries
	// Transport carries the requests; Go's default when nil.
	Transport http.RoundTripper
}

// Backend is the Linode backend.
type Backend struct {
	// Linode fixes a key's grants when it is created.
	grants.Fixed

	version string
	// keys is the account's keys: read singly or from the list, written
	// through the one client.
	keys *restkeys.Keys[apiKey]
}

var _ backend.Driver = (*Backend)(nil)

const (
	pageSize = 500 // the largest page Linode serves
	maxPages = 1000
)

// New returns a backend for cfg. It makes no call.
func New(cfg Config) *Backend {
	token := cfg.Token
	b := &Backend{version: cfg.APIVersion}
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
		ID:       func(k apiKey) string { return strconv.Itoa(k.ID) },
		ToKey:    apiKey.toKey,
		One:      b.getOne,
		Page:     b.page,
		MaxPages: maxPages,
	})
	return b
}

// Capabilities is the backend's row of the capability table (kind.go).
func (b *Backend) Capabilities() backend.Capabilities { return capabilities }

// ValidateKey checks Linode's label length. That regions include every
// grant's region is a rule of the capability table.
func (b *Backend) ValidateKey(spec backend.KeySpec) []backend.InvalidInputError {
	if n := len(spec.Name); n < 3 || n > 50 {
		return []backend.InvalidInputError{{
			Field:  backend.FieldName,
			Detail: fmt.Sprintf("A Linode label has 3 to 50 characters; %q has %d.", spec.Name, n),
		}}
	}
	return nil
}

// ValidateID checks that id is a Linode key id.
func (b *Backend) ValidateID(id string) *backend.InvalidInputError {
	// Only the spelling Linode reports: "012" or "+12" would read key 12
	// but never match it in a list, so the import would find no key.
	if n, err := strconv.Atoi(id); err != nil || n <= 0 || strconv.Itoa(n) != id {
		return &backend.InvalidInputError{Field: backend.FieldID, Detail: fmt.Sprintf(
			"%q is not a Linode key id: Linode key ids are positive numbers written without sign or leading zeros, such as 12345.", id)}
	}
	return nil
}

func (b *Backend) keysPath() string { return "/" + b.version + "/object-storage/keys" }

func (b *Backend) keyPath(id string) string { return b.keysPath() + "/" + url.PathEscape(id) }

// GetKey reads one key (restkeys.Keys.GetKey).
func (b *Backend) GetKey(ctx context.Context, id string) (backend.Key, error) {
	return b.keys.GetKey(ctx, id)
}

func (b *Backend) getOne(ctx context.Context, id string) (apiKey, error) {
	var k apiKey
	err := b.keys.Call(ctx, "read key "+id, httpapi.Request{Method: http.MethodGet, Path: b.keyPath(id)}, &k)
	if err == nil && strconv.Itoa(k.ID) != id {
		// Taken as it is, another key's id would replace this one's in
		// state.
		return apiKey{}, fmt.Errorf("read key %s: the answer describes key %d, not the key asked for; %s", id, k.ID, urlHint)
	}
	return k, err
}

// page fetches page n of the account's keys.
func (b *Backend) page(ctx context.Context, n int) ([]apiKey, int, error) {
	var p listPage
	q := url.Values{"page": {strconv.Itoa(n)}, "page_size": {strconv.Itoa(pageSize)}}
	err := b.keys.Call(ctx, "list keys", httpapi.Request{Method: http.MethodGet, Path: b.keysPath(), Query: q}, &p)
	return p.Data, p.Pages, err
}

// ListKeys returns every key of the account.
func (b *Backend) ListKeys(ctx context.Context) ([]backend.Key, error) { return b.keys.ListKeys(ctx) }

// UpdateKey changes label and regions with PUT, then reads the key again:
// the PUT answer carries no bucket_access. Grants are never changed here;
// the provider replaces a key whose grants change.
func (b *Backend) UpdateKey(ctx context.Context, id string, spec backend.KeySpec) (backend.Key, error) {
	body := updateBody{Label: spec.Name, Regions: spec.Regions}
	if err := b.keys.Write(ctx, "update key "+id, httpapi.Request{Method: http.MethodPut, Path: b.keyPath(id), Body: body}, nil); err != nil {
		return backend.Key{}, err
	}
	k, err := b.getOne(ctx, id)
	if err != nil {
		b.keys.Forget()
		return backend.Key{}, err
	}
	b.keys.Wrote(k)
	return k.toKey(), nil
}

// DeleteKey revokes a key; one already gone is not an error.
func (b *Backend) DeleteKey(ctx context.Context, id string) error {
	return b.keys.DeleteKey(ctx, id, b.keyPath(id))
}

// decode turns an answer into out, or the request's failure into an error.
var decode = httpapi.Answers{Service: "Linode", OK: func(status int) bool { return status == http.StatusOK }, Error: apiError}.Decode
