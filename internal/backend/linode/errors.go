package linode

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// urlHint ends the errors about answers that do not come from Linode's API.
const urlHint = "check linode.url (LINODE_URL), which must be the API's scheme and host, such as https://api.linode.com"

type errorEnvelope struct {
	Errors []struct {
		Field  string `json:"field"`
		Reason string `json:"reason"`
	} `json:"errors"`
}

// apiError turns an error answer into the backend's typed errors: a field
// error becomes invalid input on the matching attribute, 404 not found, and
// 401/403 an explanation of what the token lacks. A 4xx without Linode's
// error list comes from something else at the URL: above all, a 404 that
// is not Linode's never counts as a key gone (which would drop it from
// state).
func apiError(op string, resp *httpapi.Response) error {
	var env errorEnvelope
	if err := json.Unmarshal(resp.Body, &env); (err != nil || len(env.Errors) == 0) && resp.Status < 500 && resp.Status != http.StatusTooManyRequests {
		return fmt.Errorf("%s: the answer (HTTP %d) is not one of Linode's: it has no error list; %s", op, resp.Status, urlHint)
	}
	var reasons []string
	for _, e := range env.Errors {
		if field := fieldFor(e.Field); field != "" && resp.Status == http.StatusBadRequest {
			return &backend.InvalidInputError{Field: field, Detail: fmt.Sprintf("Linode refused %s: %s (field %s).", e.Field, e.Reason, e.Field)}
		}
		reasons = append(reasons, e.Reason)
	}
	reason := strings.Join(reasons, "; ")
	switch resp.Status {
	case http.StatusNotFound:
		return fmt.Errorf("%s: %w", op, backend.ErrNotFound)
	case http.StatusUnauthorized:
		return fmt.Errorf("%s: Linode refused the token (%s): check linode.token or LINODE_TOKEN; a token needs the "+
			"object_storage:read_write scope (object_storage:read_only lets it read keys only)", op, reason)
	case http.StatusForbidden:
		return fmt.Errorf("%s: the token may not manage Object Storage keys (%s): it needs the object_storage:read_write scope", op, reason)
	}
	return fmt.Errorf("%s: Linode answered %d: %s", op, resp.Status, reason)
}

// attributeFor maps a Linode field to the resource attribute it comes from.
func fieldFor(field string) backend.Field {
	switch {
	case field == "label":
		return backend.FieldName
	case field == "regions":
		return backend.FieldRegions
	case strings.HasPrefix(field, "bucket_access"):
		return backend.FieldGrants
	}
	return ""
}
