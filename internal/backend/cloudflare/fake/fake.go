// Package fake is an in-process Cloudflare API v4 serving the account-owned
// API token operations, checked against the OpenAPI excerpt in testdata/:
// a bearer token, the v4 envelope (success, errors, messages, result,
// result_info), pages of at most 50 answered past the end with an empty
// list, the permission groups the R2 grants name, and the faults of
// fakeapi's vocabulary. Where the excerpt is silent the fake guesses; each
// guess is marked "Guess:".
package fake

import (
	"crypto/rand"
	"encoding/hex"
	"sort"
	"sync"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// Server is a running fake; its base URL is URL + "/client/v4".
type Server struct {
	*fakeapi.Server
	Token     string
	AccountID string
	// OwnTokenID is the id of the token the provider runs with, listed
	// among the account's tokens as Cloudflare lists it.
	OwnTokenID string

	mu     sync.Mutex
	tokens map[string]*Token
	groups []Group
	values []string // every token value handed out
	clock  func() time.Time
}

// Token is an account-owned API token.
type Token struct {
	ID, Name, Status string
	Value            string
	IssuedOn         time.Time
	ModifiedOn       time.Time
	ExpiresOn        *time.Time
	Policies         []Policy
}

// Policy is one policy of a token.
type Policy struct {
	ID               string         `json:"id"`
	Effect           string         `json:"effect"`
	PermissionGroups []GroupRef     `json:"permission_groups"`
	Resources        map[string]any `json:"resources"`
}

// GroupRef names a permission group in a policy.
type GroupRef struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// Group is a permission group.
type Group struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Scopes []string `json:"scopes"`
}

// MaxTokens is Cloudflare's quota of account-owned tokens per account.
const MaxTokens = 500

// Fault is an answer the fake gives once instead of the normal one; its Op
// is an operation such as "POST tokens".
type Fault = fakeapi.Fault

// R2 groups the fake offers, with made-up ids (the backend looks them up
// by name).
var r2Groups = []Group{
	{Name: "Workers R2 Storage Bucket Item Read", Scopes: []string{"com.cloudflare.edge.r2.bucket"}},
	{Name: "Workers R2 Storage Bucket Item Write", Scopes: []string{"com.cloudflare.edge.r2.bucket"}},
	{Name: "Workers R2 Storage Read", Scopes: []string{"com.cloudflare.api.account"}},
	{Name: "Workers R2 Storage Write", Scopes: []string{"com.cloudflare.api.account"}},
	{Name: "Account API Tokens Write", Scopes: []string{"com.cloudflare.api.account"}},
}

// Start runs a fake on a free loopback port.
func Start() *Server {
	s := &Server{
		Token: "fake-cloudflare-api-token-0123456789", AccountID: randomHex(16), tokens: map[string]*Token{},
		clock: func() time.Time { return time.Now().UTC().Truncate(time.Second) },
	}
	for _, g := range r2Groups {
		g.ID = randomHex(16)
		s.groups = append(s.groups, g)
	}
	own := &Token{ID: randomHex(16), Name: "terraform", Status: "active", Value: s.Token, IssuedOn: s.clock(), ModifiedOn: s.clock()}
	s.tokens[own.ID], s.OwnTokenID = own, own.ID
	s.Server = fakeapi.StartServer(api{s})
	return s
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// GroupID returns the id of the permission group named name.
func (s *Server) GroupID(name string) string {
	for _, g := range s.groups {
		if g.Name == name {
			return g.ID
		}
	}
	return ""
}

// RemoveGroup makes the account lack a permission group.
func (s *Server) RemoveGroup(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, g := range s.groups {
		if g.Name == name {
			s.groups = append(s.groups[:i], s.groups[i+1:]...)
			return
		}
	}
}

// AddToken makes a token as another client would, without requests, and
// returns its id.
func (s *Server) AddToken(name string, policies []Policy) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.add(name, policies, nil).ID
}

func (s *Server) add(name string, policies []Policy, expires *time.Time) *Token {
	for i := range policies {
		policies[i].ID = randomHex(16)
	}
	t := &Token{ID: randomHex(16), Name: name, Status: "active", Value: randomHex(20), IssuedOn: s.clock(), ModifiedOn: s.clock(),
		ExpiresOn: expires, Policies: policies}
	s.tokens[t.ID] = t
	s.values = append(s.values, t.Value)
	return t
}

// RemoveToken deletes a token behind the provider's back.
func (s *Server) RemoveToken(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tokens, id)
}

// TokenOf returns a token as the fake holds it.
func (s *Server) TokenOf(id string) (Token, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[id]
	if !ok {
		return Token{}, false
	}
	return *t, true
}

// Names returns every token's name by id, the provider's own left out.
func (s *Server) Names() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for id, t := range s.tokens {
		if id != s.OwnTokenID {
			out[id] = t.Name
		}
	}
	return out
}

// Values returns every token value the fake handed out, deleted tokens'
// too.
func (s *Server) Values() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.values...)
}

// sortedIDs are the tokens in the list's order: by issue time, then id
// (Guess: the excerpt says not; oldest first, so a new token lands last).
func (s *Server) sortedIDs() []string {
	ids := make([]string, 0, len(s.tokens))
	for id := range s.tokens {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := s.tokens[ids[i]], s.tokens[ids[j]]
		if !a.IssuedOn.Equal(b.IssuedOn) {
			return a.IssuedOn.Before(b.IssuedOn)
		}
		return a.ID < b.ID
	})
	return ids
}
