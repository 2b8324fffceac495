package linode

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/httpapi"
)

type errorEnvelope struct {
	Errors []struct {
		Field  string `json:"field"`
		Reason string `json:"reason"`
	} `json:"errors"`
}

// apiError turns an error answer into the backend's typed errors: a field
// error becomes invalid input on the matching attribute, 404 not found, and
// 401/403 an explanation of what the token lacks.
func apiError(op string, resp *httpapi.Response) error {
	var env errorEnvelope
	_ = json.Unmarshal(resp.Body, &env)
	var reasons []string
	for _, e := range env.Errors {
		if attribute := attributeFor(e.Field); attribute != "" && resp.Status == http.StatusBadRequest {
			return &backend.InvalidInputError{Attribute: attribute, Detail: fmt.Sprintf("Linode refused %s: %s (field %s).", e.Field, e.Reason, e.Field)}
		}
		reasons = append(reasons, e.Reason)
	}
	reason := strings.Join(reasons, "; ")
	switch resp.Status {
	case http.StatusNotFound:
		return fmt.Errorf("%s: %w", op, backend.ErrNotFound)
	case http.StatusUnauthorized:
		return fmt.Errorf("%s: Linode refused the token (%s): check linode.token or LINODE_TOKEN", op, reason)
	case http.StatusForbidden:
		return fmt.Errorf("%s: the token may not manage Object Storage keys (%s): it needs the object_storage:read_write scope", op, reason)
	}
	return fmt.Errorf("%s: Linode answered %d: %s", op, resp.Status, reason)
}

// attributeFor maps a Linode field to the resource attribute it comes from.
func attributeFor(field string) string {
	switch {
	case field == "label":
		return "name"
	case field == "regions":
		return "regions"
	case strings.HasPrefix(field, "bucket_access"):
		return "bucket_access"
	}
	return ""
}
