package fake

import "net/http"

// Scopes are the OAuth scopes of the fake's token; nil is a personal
// access token with every scope. The contract gives each operation its
// scope: object_storage:read_only for the GETs, object_storage:read_write
// for the rest, which covers the reads too.
type Scopes []string

const (
	ScopeReadOnly  = "object_storage:read_only"
	ScopeReadWrite = "object_storage:read_write"
)

// scopesAllowing are the scopes each of which lets a token send a
// request of method.
func scopesAllowing(method string) []string {
	if method == http.MethodGet {
		return []string{ScopeReadOnly, ScopeReadWrite}
	}
	return []string{ScopeReadWrite}
}

// errNotAuthorized is Linode's answer to a token without the scope.
var errNotAuthorized = apiError{Reason: "Your OAuth token is not authorized to use this endpoint."}

// SetScopes gives the fake's token scopes; nil gives it every scope.
func (s *Server) SetScopes(scopes Scopes) { s.perms.Limit(scopes) }

func (s *Server) tokenAllows(method string) bool { return s.perms.Allow(scopesAllowing(method)...) }
