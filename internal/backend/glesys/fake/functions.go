package fake

import (
	"net/http"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// KeyFunctions are the four functions an API key needs to manage
// credentials: the least privilege of the GleSYS backend. The instance
// calls (createinstance, editinstance, deleteinstance) are not among them.
var KeyFunctions = []string{
	"objectstorage:listinstances", "objectstorage:instancedetails",
	"objectstorage:createcredential", "objectstorage:deletecredential",
}

// SetFunctions limits the API key to functions, named "objectstorage:CALL"
// as GleSYS's key permissions name them; nil allows every function.
func (s *Server) SetFunctions(functions []string) { s.perms.Limit(functions) }

// keyMay reports whether the API key may call call.
func (s *Server) keyMay(call string) bool { return s.perms.Allow("objectstorage:" + call) }

// Guess: glesys-api.md says a key without the function gets a 401 or 403;
// this is a 403 with the API's usual wording.
const textNoPermission = "Permission denied. This API key does not have access to this function"

func refusedFunction(a *fakeapi.Answer) {
	answer(a, http.StatusForbidden, textNoPermission, nil)
}
