package fake

import "net/http"

// Scopes are the custom scopes of the fake's token; nil is a token with
// full access. The contract gives each operation its scope.
type Scopes []string

// scopeOf is the scope an operation needs, by method.
var scopeOf = map[string]string{
	http.MethodPost:   "spaces_key:create_credentials",
	http.MethodGet:    "spaces_key:read",
	http.MethodPut:    "spaces_key:update",
	http.MethodPatch:  "spaces_key:update",
	http.MethodDelete: "spaces_key:delete",
}

// AllScopes are the four scopes a token needs to manage Spaces keys.
var AllScopes = Scopes{"spaces_key:create_credentials", "spaces_key:read", "spaces_key:update", "spaces_key:delete"}

// errForbidden is the answer to a token without the scope. Guess: the
// excerpt lists no 403 for these operations; DigitalOcean's API documents
// 403 "forbidden" for a token whose scopes do not cover a request.
var errForbidden = apiError{ID: "forbidden", Message: "You are not authorized to perform this operation"}

// SetScopes gives the fake's token scopes; nil gives it full access.
func (s *Server) SetScopes(scopes Scopes) { s.perms.Limit(scopes) }

func (s *Server) tokenAllows(method string) bool { return s.perms.Allow(scopeOf[method]) }
