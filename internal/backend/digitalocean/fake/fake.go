// Package fake is an in-process DigitalOcean API v2 serving the Spaces
// access keys operations as testdata/digitalocean-openapi-spaces-keys.json
// describes them: list (paged, with links and meta), create, get, update
// (PUT and PATCH: the name only) and delete, the {"id","message"} error
// object, bearer-token auth, the ratelimit-* headers on every answer, and
// the faults of fakeapi's vocabulary for tests.
//
// Where the published contract is silent the fake follows DigitalOcean's
// public documentation; each such guess is marked "Guess:" below.
package fake

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// Server is a running fake. Its fakeapi.Server counts requests per
// operation ("GET keys", "POST keys", "GET key", "PUT key", "PATCH key",
// "DELETE key"), holds injected faults and stops with Close.
type Server struct {
	*fakeapi.Server
	Token string

	mu    sync.Mutex
	keys  map[string]*key // by access key
	order []string        // access keys, oldest first
	clock int             // seconds added to created_at, so that keys sort by age
	limit rateLimit
	perms fakeapi.Permissions
}

// Fault is an answer the fake gives once instead of the normal one.
type Fault = fakeapi.Fault

// Permissions of a grant, as the API spells them.
const (
	Read       = "read"
	ReadWrite  = "readwrite"
	FullAccess = "fullaccess"
)

type key struct {
	Name      string  `json:"name"`
	AccessKey string  `json:"access_key"`
	SecretKey string  `json:"secret_key,omitempty"`
	Grants    []Grant `json:"grants"`
	CreatedAt string  `json:"created_at"`
}

// Grant is one bucket permission of a key.
type Grant struct {
	Bucket     string `json:"bucket"`
	Permission string `json:"permission"`
}

// Start runs a fake on a free loopback port; Close stops it.
func Start() *Server {
	s := &Server{Token: "fake-digitalocean-token", keys: map[string]*key{}, limit: rateLimit{Limit: 5000, Remaining: 5000}}
	s.Server = fakeapi.StartServer(api{s})
	return s
}

// Names returns the name of every key, sorted.
func (s *Server) Names() []string {
	return fakeapi.Sorted(&s.mu, s.keys, func(_ string, k *key) string { return k.Name })
}

// Keys returns every key's name by access key.
func (s *Server) Keys() map[string]string {
	return fakeapi.Index(&s.mu, s.keys, func(ak string) string { return ak }, func(k *key) string { return k.Name })
}

// GrantsOf returns a key's grants as the service holds them, if it exists.
func (s *Server) GrantsOf(accessKey string) ([]Grant, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[accessKey]
	if !ok {
		return nil, false
	}
	return slices.Clone(k.Grants), true
}

// Secrets returns the secret of every key the fake holds, for tests that
// prove no secret leaks.
func (s *Server) Secrets() []string {
	return fakeapi.Each(&s.mu, s.keys, func(_ string, k *key) string { return k.SecretKey })
}

// Revoke deletes a key behind the client's back.
func (s *Server) Revoke(accessKey string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remove(accessKey)
}

// Rename renames a key behind the client's back.
func (s *Server) Rename(accessKey, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[accessKey]; ok {
		k.Name = name
	}
}

// AddKeys creates n full-access keys named prefix-0, prefix-1, ...
// directly, without requests, and returns their access keys.
func (s *Server) AddKeys(prefix string, n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, n)
	for i := range n {
		out[i] = s.create(fmt.Sprintf("%s-%d", prefix, i), []Grant{{Bucket: "", Permission: FullAccess}}).AccessKey
	}
	return out
}

// AddKey creates a key with grants directly, as another client would, and
// returns its access key and secret.
func (s *Server) AddKey(name string, grants ...Grant) (accessKey, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if grants == nil {
		grants = []Grant{}
	}
	k := s.create(name, grants)
	return k.AccessKey, k.SecretKey
}

// SetHourlyLimit sets how many requests an hour the fake serves before it
// answers 429 (DigitalOcean's is 5,000, the fake's default), and gives the
// whole of it back now.
func (s *Server) SetHourlyLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limit = rateLimit{Limit: n, Remaining: n}
}

// SetRateLimit makes the next answers report remaining requests and a
// reset time, which the API gives in whole seconds: reset is rounded up to
// one. With none remaining, the fake answers 429 without Retry-After until
// the reset, as DigitalOcean does when the hourly quota is spent.
func (s *Server) SetRateLimit(remaining int, reset time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if whole := reset.Truncate(time.Second); whole.Before(reset) {
		reset = whole.Add(time.Second)
	}
	s.limit.Remaining, s.limit.Reset = remaining, reset
}

// create stores a key; the caller holds s.mu. Guess: the contract says a
// create that mixes fullaccess with scoped grants is given full access;
// the fake keeps any other grant list as sent.
func (s *Server) create(name string, grants []Grant) *key {
	for _, g := range grants {
		if g.Bucket == "" && g.Permission == FullAccess {
			grants = []Grant{g}
			break
		}
	}
	s.clock++
	k := &key{
		Name: name, Grants: slices.Clone(grants),
		AccessKey: "DO" + fakeapi.RandomString(18, fakeapi.UpperDigits),
		SecretKey: fakeapi.RandomString(43, fakeapi.Letters),
		CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(s.clock) * time.Second).Format(time.RFC3339),
	}
	s.keys[k.AccessKey] = k
	s.order = append(s.order, k.AccessKey)
	return k
}

// remove deletes a key; the caller holds s.mu.
func (s *Server) remove(accessKey string) bool {
	if _, ok := s.keys[accessKey]; !ok {
		return false
	}
	delete(s.keys, accessKey)
	s.order = slices.DeleteFunc(s.order, func(ak string) bool { return ak == accessKey })
	return true
}

// shown is a key as reads show it: the secret is never shown again.
func shown(k *key) key {
	out := *k
	out.SecretKey = ""
	out.Grants = slices.Clone(k.Grants)
	return out
}

// pageURL is the link to one page of the list, as the API writes it.
func (s *Server) pageURL(page, perPage int) string {
	return s.URL + "/v2/spaces/keys?page=" + strconv.Itoa(page) + "&per_page=" + strconv.Itoa(perPage)
}
