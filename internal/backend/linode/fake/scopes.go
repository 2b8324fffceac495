package fake

import (
	"net/http"
	"slices"
)

// Scopes are the OAuth scopes of the fake's token; nil is a personal
// access token with every scope. The contract gives each operation its
// scope: object_storage:read_only for the GETs, object_storage:read_write
// for the rest, which covers the reads too.
type Scopes []string

const (
	ScopeReadOnly  = "object_storage:read_only"
	ScopeReadWrite = "object_storage:read_write"
)

// allows reports whether a token with scopes may send a request of method.
func (s Scopes) allows(method string) bool {
	if s == nil || slices.Contains(s, ScopeReadWrite) {
		return true
	}
	return method == http.MethodGet && slices.Contains(s, ScopeReadOnly)
}

// errNotAuthorized is Linode's answer to a token without the scope.
var errNotAuthorized = apiError{Reason: "Your OAuth token is not authorized to use this endpoint."}

// SetScopes gives the fake's token scopes; nil gives it every scope.
func (s *Server) SetScopes(scopes Scopes) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scopes = scopes
}

func (s *Server) tokenAllows(method string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.scopes.allows(method)
}
