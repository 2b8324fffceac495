package digitalocean

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// urlHint ends the errors about answers that do not come from DigitalOcean's API.
const urlHint = "check digitalocean.url (DIGITALOCEAN_API_URL), which must be the API's scheme and host, such as https://api.digitalocean.com"

// errorObject is the API's error answer.
type errorObject struct {
	ID      string `json:"id"`
	Message string `json:"message"`
}

// apiError turns an error answer into the backend's typed errors: 404 not
// found, 401/403 an explanation of what the token lacks, 429 when the rate
// limit resets. A 4xx without DigitalOcean's error object comes from
// something else at the URL: above all, a 404 that is not DigitalOcean's
// never counts as a key gone (which would drop it from state).
func apiError(op string, resp *httpapi.Response) error {
	var e errorObject
	if err := json.Unmarshal(resp.Body, &e); (err != nil || e.ID == "") && resp.Status < 500 && resp.Status != http.StatusTooManyRequests {
		return fmt.Errorf("%s: the answer (HTTP %d) is not one of DigitalOcean's: it has no error object; %s", op, resp.Status, urlHint)
	}
	reason := e.Message
	if reason == "" {
		reason = http.StatusText(resp.Status)
	}
	switch resp.Status {
	case http.StatusNotFound:
		return fmt.Errorf("%s: %w", op, backend.ErrNotFound)
	case http.StatusUnauthorized:
		return fmt.Errorf("%s: DigitalOcean refused the token (%s): check digitalocean.token, DIGITALOCEAN_TOKEN or DIGITALOCEAN_ACCESS_TOKEN", op, reason)
	case http.StatusForbidden:
		return fmt.Errorf("%s: the token may not send this request (%s): check digitalocean.token (DIGITALOCEAN_TOKEN); "+
			"this request needs the scope %s, and managing keys needs spaces_key:create_credentials, read, update and delete", op, reason, scopeFor(op))
	case http.StatusTooManyRequests:
		if !resp.RateLimitReset.IsZero() {
			return fmt.Errorf("%s: DigitalOcean's rate limit for this token is spent until %s, longer than this operation could wait: try again then, or raise the resource's timeouts",
				op, resp.RateLimitReset.UTC().Format(time.RFC3339))
		}
	}
	return fmt.Errorf("%s: DigitalOcean answered %d: %s", op, resp.Status, reason)
}

// scopeFor is the token scope an operation needs, by the verb its name
// begins with (the contract's table).
func scopeFor(op string) string {
	verb, _, _ := strings.Cut(op, " ")
	return map[string]string{
		"create": "spaces_key:create_credentials", "read": "spaces_key:read", "list": "spaces_key:read",
		"update": "spaces_key:update", "delete": "spaces_key:delete",
	}[verb]
}
