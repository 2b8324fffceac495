// Package garage manages access keys on Garage, the self-hosted
// geo-distributed S3 store, through its admin API v2. A key is a Garage
// key whose id and secret the backend chooses (ImportKey), so a retried
// create finds what it made, and whose id carries the backend's mark
// (ids.go); its grants are its read and write flags on each bucket,
// changed in place, never the owner flag. Garage has no key that reaches
// every bucket, so an unrestricted key is refused at plan time. Written
// from the facts of fake/testdata/garage-admin.md: Garage is AGPL-3.0,
// and none of its code is used.
package garage

import (
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/listcache"
)

// Config is what the provider's garage block configures.
type Config struct {
	// Endpoint is the admin API's scheme, host and port.
	Endpoint  string
	Token     string
	UserAgent string

	httpapi.Retries
	// Transport carries the requests; Go's default when nil.
	Transport http.RoundTripper
}

// Backend is the Garage backend.
type Backend struct {
	api *httpapi.Client

	// keys caches the bulk read of the backend's keys with their grants;
	// reads serves GetKey from it or from single reads (read.go).
	keys  listcache.Cache[keyInfo]
	reads *listcache.Reader[keyInfo]

	// bucketIDs resolves global aliases to bucket ids, once per run.
	bucketMu  sync.Mutex
	bucketIDs map[string]string
}

var _ backend.Driver = (*Backend)(nil)

// New returns a backend for cfg. It makes no call.
func New(cfg Config) *Backend {
	token := cfg.Token
	b := &Backend{
		api: httpapi.New(httpapi.Config{
			BaseURL:   strings.TrimRight(cfg.Endpoint, "/") + "/v2",
			UserAgent: cfg.UserAgent,
			Authorize: func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) },
			URLHint:   urlHint,
			Retries:   cfg.Retries,
			Transport: cfg.Transport,
		}),
		bucketIDs: map[string]string{},
	}
	b.reads = &listcache.Reader[keyInfo]{
		Cache: &b.keys, Scope: "", One: b.keyInfo, Load: b.loadForReads,
		Missing: func(id string) error { return fmt.Errorf("read key %s: %w", id, backend.ErrNotFound) },
	}
	return b
}

// Capabilities is the backend's row of the capability table (kind.go).
func (b *Backend) Capabilities() backend.Capabilities { return capabilities }

// maxName bounds a key's name.
const maxName = 255

// ValidateKey checks the name: Garage keeps any string, but a key the
// provider manages has one, of a sensible length. The capability table
// refuses an unrestricted key (LimitedOnly).
func (b *Backend) ValidateKey(spec backend.KeySpec) []backend.InvalidInputError {
	if spec.Name == "" || len(spec.Name) > maxName {
		return []backend.InvalidInputError{{Field: backend.FieldName, Detail: fmt.Sprintf(
			"A Garage key's name has 1 to %d bytes; %q has %d.", maxName, spec.Name, len(spec.Name))}}
	}
	return nil
}

// ValidateID checks that id is a Garage access key id.
func (b *Backend) ValidateID(id string) *backend.InvalidInputError {
	if !keyIDPattern.MatchString(id) {
		return &backend.InvalidInputError{Field: backend.FieldID, Detail: fmt.Sprintf(
			"%q is not a Garage key id: that is GK and 24 lowercase hex digits, such as GK31c2f218a2e44f485b94239e.", id)}
	}
	return nil
}

// notOurs refuses a key whose id lacks the backend's mark.
func notOurs(id string) error {
	return &backend.NotOursError{
		ID: id, Owner: "a Garage key this provider did not make (its id lacks the provider's mark)", Us: "the keys this provider made",
		Remedy: "Keys made with Garage's CreateKey or by hand stay theirs; make a new key with objectstorage_access_key.",
	}
}
