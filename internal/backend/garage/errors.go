package garage

import (
	"errors"
	"fmt"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// urlHint ends the errors about answers that do not come from Garage's
// admin API.
const urlHint = "check garage.endpoint (GARAGE_ADMIN_ENDPOINT), which must be the admin API's scheme, host and port, such as http://garage.example.com:3903"

// The codes of Garage's answers the backend acts on.
const (
	codeNoSuchAccessKey  = "NoSuchAccessKey"
	codeNoSuchBucket     = "NoSuchBucket"
	codeKeyAlreadyExists = "KeyAlreadyExists"
	codeAccessDenied     = "AccessDenied"
)

// APIError is an error answer of Garage's admin API.
type APIError struct {
	Op      string
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string {
	if e.Code == codeAccessDenied {
		return fmt.Sprintf("%s: Garage refused the admin token (AccessDenied: %s): check garage.admin_token (GARAGE_ADMIN_TOKEN); a token made "+
			"with CreateAdminToken needs the key and bucket operations in its scope (the guide lists them)", e.Op, e.Message)
	}
	return fmt.Sprintf("%s: Garage answered HTTP %d %s: %s", e.Op, e.Status, e.Code, e.Message)
}

// Unwrap makes a missing key a backend.ErrNotFound.
func (e *APIError) Unwrap() error {
	if e.Code == codeNoSuchAccessKey {
		return backend.ErrNotFound
	}
	return nil
}

// decode turns an answer into out, or the request's failure into an error.
var decode = httpapi.Answers{
	Service: "Garage",
	OK:      func(status int) bool { return status >= 200 && status < 300 },
	Error: func(op string, resp *httpapi.Response) error {
		code, message, err := httpapi.Coded(op, "Garage", urlHint, resp)
		if err != nil {
			return err
		}
		return &APIError{Op: op, Status: resp.Status, Code: code, Message: message}
	},
}.Decode

// codeOf is the code of a Garage error answer, or "".
func codeOf(err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return ""
}
