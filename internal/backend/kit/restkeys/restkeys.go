// Package restkeys is the core the drivers of JSON APIs with a paged list
// of keys share (Linode, DigitalOcean): one client, the account's keys
// cached for a run, a key read singly or served from the list (whose pages
// may shift under another client's deletes, so a key the list lacks is
// read again singly before it counts as gone), and the cache kept in step
// with each write. A driver writes its paths, its wire type and its
// mapping to backend.Key, its error table (httpapi.Answers) and its
// create.
package restkeys

import (
	"context"
	"fmt"
	"net/http"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/listcache"
)

// Config is what a driver tells the core about its API.
type Config[T any] struct {
	API *httpapi.Client
	// Decode turns an answer into a value, or the request's failure into
	// the backend's typed errors (httpapi.Answers.Decode).
	Decode func(op string, resp *httpapi.Response, err error, out any) error
	// ID is a key's id as the driver names it.
	ID func(T) string
	// ToKey is a key in the provider's terms.
	ToKey func(T) backend.Key
	// One reads one key singly; an answer that describes another key is
	// an error, never the key asked for.
	One func(ctx context.Context, id string) (T, error)
	// Page reads page n (from 1) of the account's keys, sorted so that a
	// key made while the pages are read lands on the last one, and says
	// how many pages there are.
	Page func(ctx context.Context, n int) (items []T, pages int, err error)
	// MaxPages bounds a list's pages.
	MaxPages int
}

// Keys is the account's keys as the driver reads and writes them.
type Keys[T any] struct {
	cfg   Config[T]
	cache listcache.Cache[T]
	// reads serves Get: single reads, or the account's list once this
	// process reads more than one key and the list costs no more (pages).
	reads *listcache.Reader[T]
	pages *listcache.Paged[T]
}

// accountWide is the cache's one scope: the account's keys.
const accountWide = ""

// New returns the core for cfg. It makes no call.
func New[T any](cfg Config[T]) *Keys[T] {
	k := &Keys[T]{cfg: cfg}
	k.reads = &listcache.Reader[T]{
		Cache: &k.cache, Scope: accountWide, One: cfg.One, Recheck: true,
		Missing: func(id string) error { return fmt.Errorf("read key %s: %w", id, backend.ErrNotFound) },
	}
	k.pages = &listcache.Paged[T]{
		Cache: &k.cache, Scope: accountWide, Page: cfg.Page, MaxPages: cfg.MaxPages,
		ID: cfg.ID, Reads: k.reads.Reads,
	}
	k.reads.Load = k.pages.ForReads
	return k
}

// Call sends a request and decodes a successful answer into out (when not
// nil).
func (k *Keys[T]) Call(ctx context.Context, op string, req httpapi.Request, out any) error {
	resp, err := k.cfg.API.Do(ctx, req)
	return k.cfg.Decode(op, resp, err, out)
}

// Write sends a request that changes a key, as Call does. The cache is
// dropped when it fails: what the service made of it is unknown.
func (k *Keys[T]) Write(ctx context.Context, op string, req httpapi.Request, out any) error {
	err := k.Call(ctx, op, req, out)
	if err != nil {
		k.cache.Invalidate(accountWide)
	}
	return err
}

// Wrote keeps a key as a write's answer shows it, without its secret.
func (k *Keys[T]) Wrote(item T) { k.cache.Put(accountWide, k.cfg.ID(item), item) }

// GetKey reads one key. The first read in a process is one request (a
// plan over one key costs one); later reads are served from the account's
// list, fetched once and shared by concurrent readers, once the reads seen
// so far outnumber the list's pages (listcache.Paged).
func (k *Keys[T]) GetKey(ctx context.Context, id string) (backend.Key, error) {
	item, err := k.reads.Get(ctx, id)
	if err != nil {
		return backend.Key{}, err
	}
	return k.cfg.ToKey(item), nil
}

// ListKeys returns every key of the account.
func (k *Keys[T]) ListKeys(ctx context.Context) ([]backend.Key, error) {
	items, err := k.cache.Get(ctx, accountWide, k.pages.All)
	if err != nil {
		return nil, err
	}
	out := make([]backend.Key, 0, len(items))
	for _, item := range items {
		out = append(out, k.cfg.ToKey(item))
	}
	return out, nil
}

// Fresh reads every page of the account's keys anew, as a create that
// looks for what it may have made must.
func (k *Keys[T]) Fresh(ctx context.Context) (map[string]T, error) {
	k.cache.Invalidate(accountWide)
	return k.pages.All(ctx)
}

// Forget drops the cached list, after a write whose effect on the list is
// unknown.
func (k *Keys[T]) Forget() { k.cache.Invalidate(accountWide) }

// DeleteKey revokes the key at path; one already gone is not an error.
func (k *Keys[T]) DeleteKey(ctx context.Context, id, path string) error {
	err := k.Call(ctx, "delete key "+id, httpapi.Request{Method: http.MethodDelete, Path: path}, nil)
	if err != nil && !backend.IsNotFound(err) {
		k.cache.Invalidate(accountWide)
		return err
	}
	k.cache.Delete(accountWide, id)
	return nil
}

// Create sends a create, once, and decodes its answer into out. unclear
// says the service may have carried it out without an answer that shows
// it (httpapi.Unclear): the caller settles that by what it can find
// (create.Once), never by sending it again blindly.
func (k *Keys[T]) Create(ctx context.Context, req httpapi.Request, out any) (unclear bool, err error) {
	resp, err := k.cfg.API.Do(ctx, req)
	if httpapi.Unclear(resp, err) {
		return true, k.cfg.Decode("create key", resp, err, nil)
	}
	return false, k.cfg.Decode("create key", resp, err, out)
}

// Reads counts the key reads so far, for tests that hold the list's
// answer until enough reads are waiting.
func (k *Keys[T]) Reads() int64 { return k.reads.Reads() }
