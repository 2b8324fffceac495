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
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/httpapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/listcache"
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
	backend.FixedGrants

	api     *httpapi.Client
	version string

	keys listcache.Cache[apiKey] // the account's keys, scope ""
	// reads serves GetKey: single GETs, or the account's list once this
	// process reads more than one key and the list costs no more (pages).
	reads *listcache.Reader[apiKey]
	pages *listcache.Paged[apiKey]
}

var _ backend.Driver = (*Backend)(nil)

const (
	pageSize    = 500 // the largest page Linode serves
	maxPages    = 1000
	accountWide = ""
)

// New returns a backend for cfg. It makes no call.
func New(cfg Config) *Backend {
	token := cfg.Token
	b := &Backend{
		version: cfg.APIVersion,
		api: httpapi.New(httpapi.Config{
			BaseURL:   strings.TrimRight(cfg.URL, "/"),
			UserAgent: cfg.UserAgent,
			Authorize: func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) },
			URLHint:   urlHint,
			Retries:   cfg.Retries,
			Transport: cfg.Transport,
		}),
	}
	// Recheck: the list is sorted by id, oldest first, so keys made by
	// others while it is fetched land on its last page, but one removed
	// shifts the later keys back a place, and the key that crosses a page
	// boundary would look revoked.
	b.reads = &listcache.Reader[apiKey]{
		Cache: &b.keys, Scope: accountWide, One: b.getOne, Recheck: true,
		Missing: func(id string) error { return fmt.Errorf("read key %s: %w", id, backend.ErrNotFound) },
	}
	b.pages = &listcache.Paged[apiKey]{
		Cache: &b.keys, Scope: accountWide, Page: b.page, MaxPages: maxPages,
		ID: func(k apiKey) string { return strconv.Itoa(k.ID) }, Reads: b.reads.Reads,
	}
	b.reads.Load = b.pages.ForReads
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

// GetKey reads one key. The first read in a process is one GET (a plan over
// one key costs one request); later reads are served from the account's
// list, fetched once and shared by concurrent readers, once the reads seen
// so far outnumber the list's pages (listcache.Paged).
func (b *Backend) GetKey(ctx context.Context, id string) (backend.Key, error) {
	k, err := b.reads.Get(ctx, id)
	if err != nil {
		return backend.Key{}, err
	}
	return k.toKey(), nil
}

func (b *Backend) getOne(ctx context.Context, id string) (apiKey, error) {
	var k apiKey
	err := b.call(ctx, "read key "+id, httpapi.Request{Method: http.MethodGet, Path: b.keyPath(id)}, &k)
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
	err := b.call(ctx, "list keys", httpapi.Request{Method: http.MethodGet, Path: b.keysPath(), Query: q}, &p)
	return p.Data, p.Pages, err
}

// ListKeys returns every key of the account.
func (b *Backend) ListKeys(ctx context.Context) ([]backend.Key, error) {
	keys, err := b.keys.Get(ctx, accountWide, b.pages.All)
	if err != nil {
		return nil, err
	}
	out := make([]backend.Key, 0, len(keys))
	for _, k := range keys {
		out = append(out, k.toKey())
	}
	return out, nil
}

// UpdateKey changes label and regions with PUT, then reads the key again:
// the PUT answer carries no bucket_access. Grants are never changed here;
// the provider replaces a key whose grants change.
func (b *Backend) UpdateKey(ctx context.Context, id string, spec backend.KeySpec) (backend.Key, error) {
	body := updateBody{Label: spec.Name, Regions: spec.Regions}
	if err := b.call(ctx, "update key "+id, httpapi.Request{Method: http.MethodPut, Path: b.keyPath(id), Body: body}, nil); err != nil {
		b.keys.Invalidate(accountWide)
		return backend.Key{}, err
	}
	var k apiKey
	if err := b.call(ctx, "read key "+id, httpapi.Request{Method: http.MethodGet, Path: b.keyPath(id)}, &k); err != nil {
		b.keys.Invalidate(accountWide)
		return backend.Key{}, err
	}
	b.keys.Put(accountWide, id, k)
	return k.toKey(), nil
}

// DeleteKey revokes a key; one already gone is not an error.
func (b *Backend) DeleteKey(ctx context.Context, id string) error {
	err := b.call(ctx, "delete key "+id, httpapi.Request{Method: http.MethodDelete, Path: b.keyPath(id)}, nil)
	if err != nil && !backend.IsNotFound(err) {
		b.keys.Invalidate(accountWide)
		return err
	}
	b.keys.Delete(accountWide, id)
	return nil
}

// call sends a request and decodes a 200 answer into out (when not nil).
func (b *Backend) call(ctx context.Context, op string, req httpapi.Request, out any) error {
	resp, err := b.api.Do(ctx, req)
	return decode(op, resp, err, out)
}

// decode turns an answer into out, or the request's failure into an error.
var decode = httpapi.Answers{Service: "Linode", OK: func(status int) bool { return status == http.StatusOK }, Error: apiError}.Decode
