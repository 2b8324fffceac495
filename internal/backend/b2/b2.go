// Package b2 manages Backblaze B2 application keys through B2's native API
// (v4). A key carries one set of capabilities for every bucket it names,
// its secret is shown once, and nothing about it changes after creation:
// every change replaces it. The calls go to the apiUrl an authorization
// answers, with its token; the authorization is made once per run and
// renewed once when B2 says it expired. Written from
// fake/testdata/backblaze-b2.md.
package b2

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/grants"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/listcache"
)

// Config is what the provider's b2 block configures.
type Config struct {
	// URL is the scheme and host of the authorization call.
	URL                   string
	KeyID, ApplicationKey string
	UserAgent             string
	httpapi.Retries
	// Transport carries the requests; Go's default when nil.
	Transport http.RoundTripper
}

// Backend is the Backblaze B2 backend.
type Backend struct {
	// B2 fixes a key's grants when it is made.
	grants.Fixed

	cfg       Config
	authorize *httpapi.Client

	mu   sync.Mutex
	auth *authorization // nil until the first call

	// keys caches the account's keys read from the list; reads serves
	// GetKey from it or from single reads (read.go).
	keys  listcache.Cache[apiKey]
	reads *listcache.Reader[apiKey]

	// buckets are the account's bucket names by id and ids by name, read
	// once per run (buckets.go).
	bucketsOnce sync.Mutex
	buckets     *bucketNames
}

var _ backend.Driver = (*Backend)(nil)

// New returns a backend for cfg. It makes no call.
func New(cfg Config) *Backend {
	b := &Backend{cfg: cfg}
	keyID, key := cfg.KeyID, cfg.ApplicationKey
	b.authorize = httpapi.New(httpapi.Config{
		BaseURL:   strings.TrimRight(cfg.URL, "/"),
		UserAgent: cfg.UserAgent,
		Authorize: func(r *http.Request) { r.SetBasicAuth(keyID, key) },
		URLHint:   urlHint,
		Retries:   cfg.Retries,
		Transport: cfg.Transport,
	})
	b.reads = &listcache.Reader[apiKey]{
		Cache: &b.keys, Scope: "", One: b.readOne, Load: b.listAll,
		Missing: func(id string) error { return fmt.Errorf("read key %s: %w", id, backend.ErrNotFound) },
	}
	return b
}

// Capabilities is the backend's row of the capability table (kind.go).
func (b *Backend) Capabilities() backend.Capabilities { return capabilities }

// keyNamePattern is what B2 takes as a key name.
var keyNamePattern = regexp.MustCompile(`^[A-Za-z0-9-]{1,100}$`)

// ValidateKey checks B2's rules beyond the capability table: the name's
// characters, and a key that names no bucket, which B2 cannot make.
func (b *Backend) ValidateKey(spec backend.KeySpec) []backend.InvalidInputError {
	var errs []backend.InvalidInputError
	if !keyNamePattern.MatchString(spec.Name) {
		errs = append(errs, backend.InvalidInputError{Field: backend.FieldName, Detail: fmt.Sprintf(
			"A B2 key name has 1 to 100 letters, digits and -; %q is not one.", spec.Name)})
	}
	if spec.Limited && len(spec.Grants) == 0 {
		errs = append(errs, backend.InvalidInputError{Field: backend.FieldGrants, Detail: "B2 cannot make a key that reaches no " +
			"bucket: a key that names no bucket reaches all of them. Grant the key at least one bucket, or leave " +
			backend.Ref(backend.FieldGrants) + " out for an unrestricted key."})
	}
	return errs
}

// keyIDPattern is a B2 application key id.
var keyIDPattern = regexp.MustCompile(`^[0-9a-zA-Z]{12,40}$`)

// ValidateID checks that id looks like an application key id.
func (b *Backend) ValidateID(id string) *backend.InvalidInputError {
	if !keyIDPattern.MatchString(id) {
		return &backend.InvalidInputError{Field: backend.FieldID, Detail: fmt.Sprintf(
			"%q is not a B2 application key id: that is 12 to 40 letters and digits, such as 0014a6b7c8d9e0f0000000003.", id)}
	}
	return nil
}

// UpdateKey is never asked for a change (nothing changes in place on B2);
// it returns the key as it is.
func (b *Backend) UpdateKey(ctx context.Context, id string, _ backend.KeySpec) (backend.Key, error) {
	return b.GetKey(ctx, id)
}
