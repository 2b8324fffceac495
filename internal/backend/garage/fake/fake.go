// Package fake is an in-process Garage admin API (v2), written from the
// facts of testdata/garage-admin.md alone: the key calls (CreateKey,
// ImportKey, GetKeyInfo, ListKeys, UpdateKey, DeleteKey) and the bucket
// calls that grant keys (ListBuckets, GetBucketInfo, AllowBucketKey,
// DenyBucketKey), a bearer token, Garage's JSON errors, and the faults of
// fakeapi's vocabulary for tests. Where the facts are silent the fake
// guesses; each guess is marked "Guess:".
package fake

import (
	"crypto/rand"
	"encoding/hex"
	"slices"
	"sync"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// Server is a running fake. Its fakeapi.Server counts requests by
// operation name ("ImportKey", "GetKeyInfo", ...), holds injected faults
// and stops with Close.
type Server struct {
	*fakeapi.Server
	Token string

	mu      sync.Mutex
	keys    map[string]*Key
	gone    map[string]bool // deleted key ids, never to be reused
	buckets map[string]*Bucket
	secrets []string // every secret a key held, deleted keys' too
	clock   func() time.Time
}

// Key is a Garage key as the fake holds it.
type Key struct {
	ID, Name, Secret string
	Created          time.Time
	Expiration       *time.Time
	CreateBucket     bool
}

// Bucket is a bucket with its global alias and its keys' flags.
type Bucket struct {
	ID      string
	Alias   string
	Created time.Time
	Keys    map[string]Permissions
}

// Permissions are a key's flags on a bucket.
type Permissions struct {
	Read  bool `json:"read"`
	Write bool `json:"write"`
	Owner bool `json:"owner"`
}

// Fault is an answer the fake gives once instead of the normal one; its Op
// is an operation name such as "ImportKey".
type Fault = fakeapi.Fault

// Start runs a fake on a free loopback port.
func Start() *Server {
	s := &Server{
		Token: "fake-garage-admin-token", keys: map[string]*Key{}, gone: map[string]bool{}, buckets: map[string]*Bucket{},
		clock: func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) },
	}
	s.Server = fakeapi.StartServer(api{s})
	return s
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// AddBucket makes a bucket with a global alias, without requests, and
// returns its id.
func (s *Server) AddBucket(alias string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := randomHex(32)
	s.buckets[id] = &Bucket{ID: id, Alias: alias, Created: s.clock(), Keys: map[string]Permissions{}}
	return id
}

// AddKey makes a key as another client would (CreateKey: an id and secret
// of Garage's choosing), without requests, and returns its id.
func (s *Server) AddKey(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := "GK" + randomHex(12)
	s.add(&Key{ID: id, Name: name, Secret: randomHex(32), Created: s.clock()})
	return id
}

// Allow sets a key's flags on the bucket with alias, without requests.
func (s *Server) Allow(alias, keyID string, p Permissions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.bucketByAlias(alias); b != nil {
		b.Keys[keyID] = p
	}
}

// RemoveKey deletes a key behind the provider's back.
func (s *Server) RemoveKey(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteKey(id)
}

// Keys returns every key's name, by id.
func (s *Server) Keys() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for id, k := range s.keys {
		out[id] = k.Name
	}
	return out
}

// Secrets returns every secret a key of the fake held, deleted keys'
// included.
func (s *Server) Secrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.secrets)
}

func (s *Server) add(k *Key) {
	s.keys[k.ID] = k
	s.secrets = append(s.secrets, k.Secret)
}

// Flags returns a key's flags on the bucket with alias.
func (s *Server) Flags(alias, keyID string) (Permissions, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.bucketByAlias(alias)
	if b == nil {
		return Permissions{}, false
	}
	p, ok := b.Keys[keyID]
	return p, ok
}

func (s *Server) bucketByAlias(alias string) *Bucket {
	for _, b := range s.buckets {
		if b.Alias == alias {
			return b
		}
	}
	return nil
}

func (s *Server) deleteKey(id string) {
	delete(s.keys, id)
	s.gone[id] = true
	for _, b := range s.buckets {
		delete(b.Keys, id)
	}
}

// sortedBuckets are the buckets in id order, for stable answers.
func (s *Server) sortedBuckets() []*Bucket {
	var out []*Bucket
	for _, b := range s.buckets {
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b *Bucket) int {
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	return out
}
