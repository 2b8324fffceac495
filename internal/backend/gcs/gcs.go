// Package gcs manages Google Cloud Storage HMAC keys. An HMAC key carries
// no rights of its own: it acts as its service account. So each key is a
// service account the provider makes for it (its display name is the key's
// name, its description the provider's mark), that account's one HMAC key
// (the access key is the HMAC key's access id), and a binding of the
// account on the IAM policy of each bucket it is granted. Bucket policies
// are shared documents: every change is a read-modify-write with the
// policy's etag that touches only the bindings of the key's own account.
// The APIs are called through Google's Go clients (storage/v1, iam/v1).
package gcs

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	iam "google.golang.org/api/iam/v1"
	"google.golang.org/api/option"
	storage "google.golang.org/api/storage/v1"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/listcache"
)

// Config is what the provider's gcs block configures.
type Config struct {
	Project string
	// Token gives the access tokens the calls carry.
	Token oauth2.TokenSource
	// AccountPrefix begins the id of every service account made here.
	AccountPrefix string
	// StorageURL and IAMURL are the APIs' base URLs as Google's clients
	// take them (DefaultStorageURL, DefaultIAMURL when empty).
	StorageURL, IAMURL string
	UserAgent          string
	httpapi.Retries
	// Transport carries the requests; Go's default when nil.
	Transport http.RoundTripper
	// NewAccountWait bounds how long a create waits for Cloud Storage to
	// see the service account it just made (DefaultNewAccountWait when 0).
	NewAccountWait time.Duration
	// DeleteWait bounds how long a delete waits for Cloud Storage to see
	// a key's deactivation before it deletes the key (DefaultDeleteWait
	// when 0).
	DeleteWait time.Duration
}

// DefaultNewAccountWait: Google documents IAM as eventually consistent, so
// a service account may not be usable at once after it was made; a create
// tries its follow-up requests again for up to this long.
const DefaultNewAccountWait = 60 * time.Second

// DefaultDeleteWait: Google refuses to delete an HMAC key that it still
// sees as active. A destroy waits this long at most; past it, the key is
// left deactivated and without bindings, and the next run deletes it.
const DefaultDeleteWait = 20 * time.Second

// Backend is the Google Cloud Storage backend.
type Backend struct {
	cfg     Config
	storage *storage.Service
	iam     *iam.Service

	hmacCache    listcache.Cache[*storage.HmacKeyMetadata]
	hmacKeys     listcache.Reader[*storage.HmacKeyMetadata]
	accountCache listcache.Cache[*iam.ServiceAccount]
	accounts     listcache.Reader[*iam.ServiceAccount]
	policies     *policies
	madeMu       sync.Mutex
	madeAccounts map[string]time.Time // accounts this process made, by email
}

var _ backend.Driver = (*Backend)(nil)

// New returns a backend for cfg. It makes no call.
func New(cfg Config) *Backend {
	if cfg.StorageURL == "" {
		cfg.StorageURL = DefaultStorageURL
	}
	if cfg.IAMURL == "" {
		cfg.IAMURL = DefaultIAMURL
	}
	if cfg.AccountPrefix == "" {
		cfg.AccountPrefix = DefaultAccountPrefix
	}
	if cfg.NewAccountWait == 0 {
		cfg.NewAccountWait = DefaultNewAccountWait
	}
	if cfg.DeleteWait == 0 {
		cfg.DeleteWait = DefaultDeleteWait
	}
	if cfg.Token == nil {
		cfg.Token = noToken{}
	}
	retrying := httpapi.NewRetryClient(cfg.Retries, 0, cfg.Transport)
	client := &http.Client{Transport: &oauth2.Transport{Source: markedSource{cfg.Token}, Base: retrying.StandardClient().Transport}}
	opts := func(endpoint string) []option.ClientOption {
		// The clients' own logger is silenced: it logs answers whole when
		// GOOGLE_SDK_GO_LOGGING_LEVEL asks, an HMAC key's secret among them.
		return []option.ClientOption{option.WithHTTPClient(client), option.WithEndpoint(endpoint),
			option.WithUserAgent(cfg.UserAgent), option.WithLogger(slog.New(slog.DiscardHandler))}
	}
	b := &Backend{cfg: cfg, madeAccounts: map[string]time.Time{}}
	var err error
	// NewService fails only on options it cannot use, and these are fixed.
	if b.storage, err = storage.NewService(context.Background(), opts(cfg.StorageURL)...); err != nil {
		panic(fmt.Sprintf("gcs: the storage client: %v", err))
	}
	if b.iam, err = iam.NewService(context.Background(), opts(cfg.IAMURL)...); err != nil {
		panic(fmt.Sprintf("gcs: the IAM client: %v", err))
	}
	b.hmacKeys = listcache.Reader[*storage.HmacKeyMetadata]{Cache: &b.hmacCache, Scope: "hmacKeys", Load: b.listHMACKeys,
		One: b.getHMACKey, Missing: missing("HMAC key"), Recheck: true}
	b.accounts = listcache.Reader[*iam.ServiceAccount]{Cache: &b.accountCache, Scope: "serviceAccounts", Load: b.listAccounts,
		One: b.getAccount, Missing: missing("service account"), Recheck: true}
	b.policies = newPolicies(b)
	return b
}

func missing(what string) func(string) error {
	return func(id string) error { return fmt.Errorf("%s %s: %w", what, id, backend.ErrNotFound) }
}

// Capabilities is the backend's row of the capability table (kind.go).
func (b *Backend) Capabilities() backend.Capabilities { return capabilities }

// maxName is a service account's display name's limit, in bytes.
const maxName = 100

// bucketPattern is a Cloud Storage bucket name (dotted names up to 222).
var bucketPattern = regexp.MustCompile(`^[a-z0-9][-a-z0-9_.]{1,220}[a-z0-9]$`)

// ValidateKey checks the name's length and the buckets' names.
func (b *Backend) ValidateKey(spec backend.KeySpec) []backend.InvalidInputError {
	var errs []backend.InvalidInputError
	if spec.Name == "" || len(spec.Name) > maxName {
		errs = append(errs, backend.InvalidInputError{Field: backend.FieldName, Detail: fmt.Sprintf(
			"A Cloud Storage key's name is its service account's display name: 1 to %d bytes; %q has %d.", maxName, spec.Name, len(spec.Name))})
	}
	for _, g := range spec.Grants {
		if !bucketPattern.MatchString(g.Bucket) || strings.HasPrefix(g.Bucket, "goog") || strings.Contains(g.Bucket, "google") {
			errs = append(errs, backend.InvalidInputError{Field: backend.FieldGrants, Detail: fmt.Sprintf(
				"%q is not a Cloud Storage bucket name: 3 to 222 lowercase letters, digits, hyphens, underscores and dots, "+
					"beginning and ending with a letter or digit; it cannot begin with goog or contain google.", g.Bucket)})
		}
	}
	return errs
}

// accessIDPattern is an HMAC key's access id; adoptedPattern the id of a
// key moved from Google's provider: its account's email, a slash, its
// access id.
var (
	accessIDPattern = regexp.MustCompile(`^GOOG[0-9A-Z]{8,120}$`)
	adoptedPattern  = regexp.MustCompile(`^[^/@\s]+@[^/@\s]+/GOOG[0-9A-Z]{8,120}$`)
)

// ValidateID checks that id is an access id, or EMAIL/ACCESS_ID.
func (b *Backend) ValidateID(id string) *backend.InvalidInputError {
	if !accessIDPattern.MatchString(id) && !adoptedPattern.MatchString(id) {
		return &backend.InvalidInputError{Field: backend.FieldID, Detail: fmt.Sprintf(
			"%q is not a Cloud Storage key id: that is its HMAC key's access id, GOOG and uppercase letters and digits "+
				"(61 characters in all), or ACCOUNT_EMAIL/ACCESS_ID for a key of a service account made elsewhere.", id)}
	}
	return nil
}

// ref is a key id taken apart: its access id and, for a key of an account
// made elsewhere (adopted), that account's email.
type ref struct {
	accessID string
	email    string
	adopted  bool
}

func refOf(id string) ref {
	if email, accessID, ok := strings.Cut(id, "/"); ok {
		return ref{accessID: accessID, email: email, adopted: true}
	}
	return ref{accessID: id}
}

// member is how a policy names a service account.
func member(email string) string { return "serviceAccount:" + email }
