// Package fake is an in-process Backblaze B2 native API (v4) serving the
// calls of testdata/backblaze-b2.md: b2_authorize_account with the
// application key's Basic credentials, then b2_create_key, b2_list_keys
// (sorted by id, startApplicationKeyId inclusive), b2_delete_key and
// b2_list_buckets with the authorization token, B2's error objects
// ({status, code, message}), and the faults of fakeapi's vocabulary. Where
// the contract is silent the fake guesses; each guess is marked "Guess:".
package fake

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// Server is a running fake. Its fakeapi.Server counts requests by call
// ("b2_create_key", ...), holds injected faults and stops with Close.
type Server struct {
	*fakeapi.Server
	// KeyID and Key are the application key the provider authorizes with.
	KeyID, Key string
	AccountID  string

	mu      sync.Mutex
	keys    map[string]*Key
	buckets map[string]string // name by id
	tokens  map[string]bool   // authorization tokens; false once expired
	serial  int
	secrets []string
	clock   func() time.Time
}

// Key is an application key.
type Key struct {
	ID, Name, Secret string
	Capabilities     []string
	BucketIDs        []string // nil: every bucket
	NamePrefix       *string
	Expiration       *int64 // ms since the epoch
}

// Fault is an answer the fake gives once instead of the normal one; its Op
// is a call name such as "b2_create_key".
type Fault = fakeapi.Fault

// Start runs a fake on a free loopback port.
func Start() *Server {
	s := &Server{
		KeyID: "0014a6b7c8d9e0f0000000000", Key: "K001fakeb2applicationkeyfortests", AccountID: "4a6b7c8d9e0f",
		keys: map[string]*Key{}, buckets: map[string]string{}, tokens: map[string]bool{},
		clock: func() time.Time { return time.Now().UTC() },
	}
	s.Server = fakeapi.StartServer(api{s})
	return s
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newID is the next key id: B2's are 25 characters; Guess: they grow with
// each key made, so a new key lists after the older ones.
func (s *Server) newID() string {
	s.serial++
	return fmt.Sprintf("00%s%011d", s.AccountID[:12], s.serial)
}

// AddBucket makes a bucket, without requests, and returns its id.
func (s *Server) AddBucket(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := randomHex(12)
	s.buckets[id] = name
	return id
}

// BucketID returns the id of the bucket named name.
func (s *Server) BucketID(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, n := range s.buckets {
		if n == name {
			return id
		}
	}
	return ""
}

// AddKey makes a key as another client would, without requests, and
// returns its id.
func (s *Server) AddKey(name string, capabilities []string, bucketIDs []string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.add(&Key{Name: name, Capabilities: capabilities, BucketIDs: bucketIDs}).ID
}

func (s *Server) add(k *Key) *Key {
	k.ID, k.Secret = s.newID(), "K001"+randomHex(14)[:27]
	s.keys[k.ID] = k
	s.secrets = append(s.secrets, k.Secret)
	return k
}

// RemoveKey deletes a key behind the provider's back.
func (s *Server) RemoveKey(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.keys, id)
}

// ExpireTokens makes every authorization token handed out so far expired.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t := range s.tokens {
		s.tokens[t] = false
	}
}

// Keys returns every key's name by id, the provider's own key left out.
func (s *Server) Keys() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for id, k := range s.keys {
		out[id] = k.Name
	}
	return out
}

// KeyOf returns a key as the fake holds it.
func (s *Server) KeyOf(id string) (Key, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[id]
	if !ok {
		return Key{}, false
	}
	return *k, true
}

// Secrets returns every secret a key of the fake held, deleted keys' too.
func (s *Server) Secrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.secrets...)
}

// sortedIDs are the keys' ids in B2's listing order.
func (s *Server) sortedIDs() []string {
	ids := make([]string, 0, len(s.keys))
	for id := range s.keys {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
