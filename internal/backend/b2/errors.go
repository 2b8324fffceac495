package b2

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// urlHint ends the errors about answers that do not come from B2.
const urlHint = "check b2.url (B2_URL), which must be the scheme and host of the authorization call, such as https://api.backblazeb2.com"

// The codes of B2's answers the backend acts on.
const (
	codeUnauthorized = "unauthorized"
	codeBadToken     = "bad_auth_token"
	codeExpiredToken = "expired_auth_token"
	codeBadRequest   = "bad_request"
)

// APIError is an error answer of B2's native API.
type APIError struct {
	Op      string
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string {
	if e.Code == codeUnauthorized {
		return fmt.Sprintf("%s: Backblaze B2 refused the application key (unauthorized: %s): check b2.application_key_id and "+
			"b2.application_key (B2_APPLICATION_KEY_ID, B2_APPLICATION_KEY); the key needs the capabilities listKeys, writeKeys, "+
			"deleteKeys and listBuckets", e.Op, e.Message)
	}
	return fmt.Sprintf("%s: Backblaze B2 answered HTTP %d %s: %s", e.Op, e.Status, e.Code, e.Message)
}

// decode turns an answer into out, or the request's failure into an error.
var decode = httpapi.Answers{
	Service: "Backblaze B2",
	OK:      func(status int) bool { return status == http.StatusOK },
	Error: func(op string, resp *httpapi.Response) error {
		code, message, err := httpapi.Coded(op, "Backblaze B2", urlHint, resp)
		if err != nil {
			return err
		}
		return &APIError{Op: op, Status: resp.Status, Code: code, Message: message}
	},
}.Decode

// codeOf is the code of a B2 error answer, or "".
func codeOf(err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return ""
}
