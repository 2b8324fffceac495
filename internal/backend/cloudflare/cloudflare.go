// Package cloudflare manages Cloudflare R2 access keys, which are
// account-owned Cloudflare API tokens: the access key is the token's id and
// the secret the SHA-256 of its value, computed here (the value itself is
// never kept or shown). A token's policies name R2 permission groups on
// bucket resources, so grants change in place, as do the name, the status
// and the expiry, and the secret stays. The provider names its tokens
// "objectstorage: NAME" and touches no other token. Written from
// fake/testdata/cloudflare-openapi-tokens.json.
package cloudflare

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/grants"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/restkeys"
)

// Config is what the provider's cloudflare block configures.
type Config struct {
	// URL is the API's base, its /client/v4 path included.
	URL          string
	Token        string
	AccountID    string
	Jurisdiction string
	UserAgent    string
	httpapi.Retries
	// Transport carries the requests; Go's default when nil.
	Transport http.RoundTripper
}

// Backend is the Cloudflare R2 backend.
type Backend struct {
	// Rewrite is SetGrant and RemoveGrant: the token's policies read and
	// written whole.
	grants.Rewrite

	cfg  Config
	keys *restkeys.Keys[token]

	// shape is the permission groups' ids, looked up once per run.
	shapeMu sync.Mutex
	shape   *shape
}

var _ backend.Driver = (*Backend)(nil)

const (
	perPage  = 50 // the largest page the API serves
	maxPages = 100
)

// New returns a backend for cfg. It makes no call.
func New(cfg Config) *Backend {
	b := &Backend{cfg: cfg}
	bearer := cfg.Token
	b.keys = restkeys.New(restkeys.Config[token]{
		API: httpapi.New(httpapi.Config{
			BaseURL:   strings.TrimRight(cfg.URL, "/") + "/accounts/" + url.PathEscape(cfg.AccountID),
			UserAgent: cfg.UserAgent,
			Authorize: func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+bearer) },
			URLHint:   urlHint,
			Retries:   cfg.Retries,
			Transport: cfg.Transport,
		}),
		Decode:   decode,
		ID:       func(t token) string { return t.ID },
		ToKey:    func(t token) backend.Key { return b.shape.toKey(t) },
		One:      b.getOne,
		Page:     b.page,
		MaxPages: maxPages,
	})
	b.Rewrite = grants.Rewrite{
		Read: b.GetKey,
		Write: func(ctx context.Context, key backend.Key, gs []backend.Grant) error {
			_, err := b.UpdateKey(ctx, key.ID, backend.KeySpec{Name: key.Name, Limited: true, Grants: gs, Disabled: key.Disabled,
				ExpiresAt: key.ExpiresAt})
			return err
		},
	}
	return b
}

// Capabilities is the backend's row of the capability table (kind.go).
func (b *Backend) Capabilities() backend.Capabilities { return capabilities }

// maxName is a token name's limit less the mark.
var maxName = 120 - len(markPrefix)

// bucketPattern is an R2 bucket name.
var bucketPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)

// ValidateKey checks the name's length and the buckets' names.
func (b *Backend) ValidateKey(spec backend.KeySpec) []backend.InvalidInputError {
	var errs []backend.InvalidInputError
	if spec.Name == "" || len(spec.Name) > maxName {
		errs = append(errs, backend.InvalidInputError{Field: backend.FieldName, Detail: fmt.Sprintf(
			"An R2 key's name is its token's, after %q: 1 to %d characters; %q has %d.", markPrefix, maxName, spec.Name, len(spec.Name))})
	}
	for _, g := range spec.Grants {
		if !bucketPattern.MatchString(g.Bucket) {
			errs = append(errs, backend.InvalidInputError{Field: backend.FieldGrants, Detail: fmt.Sprintf(
				"%q is not an R2 bucket name: 3 to 63 lowercase letters, digits and hyphens, beginning with a letter or digit.", g.Bucket)})
		}
	}
	return errs
}

// tokenIDPattern is an API token's id, or adoptedPrefix and one.
var tokenIDPattern = regexp.MustCompile(`^(adopted/)?[0-9a-f]{32}$`)

// adoptedPrefix begins the id of a token the provider did not make but was
// handed with a moved block (moves.go): it manages it without the mark in
// its name, since the configuration says it is its own.
const adoptedPrefix = "adopted/"

// tokenOf is the token id of a key id, and whether the token was adopted.
func tokenOf(id string) (tokenID string, adopted bool) {
	tokenID, adopted = strings.CutPrefix(id, adoptedPrefix)
	return tokenID, adopted
}

// ValidateID checks that id is a token id.
func (b *Backend) ValidateID(id string) *backend.InvalidInputError {
	if !tokenIDPattern.MatchString(id) {
		return &backend.InvalidInputError{Field: backend.FieldID, Detail: fmt.Sprintf(
			"%q is not an R2 key id: that is its API token's id, 32 hex digits, such as ed17574386854bf78a67040be0a770b0 "+
				"(adopted/ and the id for a token moved from Cloudflare's provider).", id)}
	}
	return nil
}

func tokenPath(id string) string { return "/tokens/" + url.PathEscape(id) }

// getOne reads one token.
func (b *Backend) getOne(ctx context.Context, id string) (token, error) {
	var t token
	if err := b.keys.Call(ctx, "read key "+id, httpapi.Request{Method: http.MethodGet, Path: tokenPath(id)}, &t); err != nil {
		return token{}, err
	}
	if t.ID != id {
		return token{}, fmt.Errorf("read key %s: Cloudflare answered with token %q", id, t.ID)
	}
	return t, nil
}

// page reads page n of the account's tokens, oldest first.
func (b *Backend) page(ctx context.Context, n int) ([]token, int, error) {
	q := url.Values{"page": {strconv.Itoa(n)}, "per_page": {strconv.Itoa(perPage)}, "direction": {"asc"}}
	var env listEnvelope
	if err := b.keys.Call(ctx, "list keys", httpapi.Request{Method: http.MethodGet, Path: "/tokens", Query: q}, &env); err != nil {
		return nil, 0, err
	}
	return env.Result, (env.ResultInfo.TotalCount + perPage - 1) / perPage, nil
}

// GetKey reads one token the provider made.
func (b *Backend) GetKey(ctx context.Context, id string) (backend.Key, error) {
	if err := b.ensureShape(ctx); err != nil {
		return backend.Key{}, err
	}
	tokenID, adopted := tokenOf(id)
	key, err := b.keys.GetKey(ctx, tokenID)
	if err != nil {
		return backend.Key{}, err
	}
	if adopted {
		key.ID = id
		return key, nil
	}
	return ours(key)
}

// ours strips the mark from a key's name, and refuses a token without it.
func ours(key backend.Key) (backend.Key, error) {
	if !strings.HasPrefix(key.Name, markPrefix) {
		return backend.Key{}, &backend.NotOursError{ID: key.ID, Owner: fmt.Sprintf("an API token this provider did not make (%q)", key.Name),
			Us:     "the tokens this provider made, named \"" + markPrefix + "NAME\"",
			Remedy: "Tokens made elsewhere stay theirs; make a new key with objectstorage_access_key, or move one from Cloudflare's provider with a moved block."}
	}
	key.Name = strings.TrimPrefix(key.Name, markPrefix)
	return key, nil
}

// ListKeys returns the tokens the provider made.
func (b *Backend) ListKeys(ctx context.Context) ([]backend.Key, error) {
	if err := b.ensureShape(ctx); err != nil {
		return nil, err
	}
	all, err := b.keys.ListKeys(ctx)
	if err != nil {
		return nil, err
	}
	var keys []backend.Key
	for _, k := range all {
		if k, err := ours(k); err == nil {
			keys = append(keys, k)
		}
	}
	return keys, nil
}

// UpdateKey writes the token whole (PUT keeps its value, so the secret
// stays): its name, status, expiry and, unless kept, its policies.
func (b *Backend) UpdateKey(ctx context.Context, id string, spec backend.KeySpec) (backend.Key, error) {
	if err := b.ensureShape(ctx); err != nil {
		return backend.Key{}, err
	}
	tokenID, adopted := tokenOf(id)
	current, err := b.getOne(ctx, tokenID)
	if err != nil {
		return backend.Key{}, err
	}
	if _, err := ours(b.shape.toKey(current)); err != nil && !adopted {
		return backend.Key{}, err
	}
	out := b.bodyOf(spec)
	if adopted {
		// A token handed over keeps its name as it is, without the mark.
		out.Name = spec.Name
	}
	if spec.KeepGrants {
		// Sent back as held, without their ids, which the API sets.
		out.Policies = make([]policy, len(current.Policies))
		for i, p := range current.Policies {
			p.ID = ""
			out.Policies[i] = p
		}
		if limited, _ := b.shape.grants(current.Policies); limited != spec.Limited {
			out.Policies = b.shape.policies(spec.Limited, nil)
		}
	}
	return b.put(ctx, id, out)
}

// put writes the token of key id whole and returns it as the key.
func (b *Backend) put(ctx context.Context, id string, out body) (backend.Key, error) {
	tokenID, adopted := tokenOf(id)
	var t token
	if err := b.keys.Write(ctx, "update key "+id, httpapi.Request{Method: http.MethodPut, Path: tokenPath(tokenID), Body: out}, &t); err != nil {
		return backend.Key{}, err
	}
	b.keys.Wrote(t)
	if adopted {
		key := b.shape.toKey(t)
		key.ID = id
		return key, nil
	}
	return ours(b.shape.toKey(t))
}

// bodyOf is the token body of a key.
func (b *Backend) bodyOf(spec backend.KeySpec) body {
	out := body{Name: markPrefix + spec.Name, Status: "active", Policies: b.shape.policies(spec.Limited, spec.Grants)}
	if spec.Disabled {
		out.Status = "disabled"
	}
	if !spec.ExpiresAt.IsZero() {
		at := spec.ExpiresAt.UTC()
		out.ExpiresOn = &at
	}
	return out
}

// DeleteKey revokes a token the provider made; one already gone is not an
// error, and the one the provider runs with is never touched.
func (b *Backend) DeleteKey(ctx context.Context, id string) error {
	if err := b.ensureShape(ctx); err != nil {
		return err
	}
	tokenID, adopted := tokenOf(id)
	current, err := b.getOne(ctx, tokenID)
	if backend.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := ours(b.shape.toKey(current)); err != nil && !adopted {
		return err
	}
	// The API takes a JSON body on this DELETE.
	err = b.keys.Write(ctx, "delete key "+id, httpapi.Request{Method: http.MethodDelete, Path: tokenPath(tokenID), Body: struct{}{}}, nil)
	if backend.IsNotFound(err) {
		return nil
	}
	b.keys.Forget()
	return err
}
