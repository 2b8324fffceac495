package garage

import (
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

// decode turns an answer into out, or the request's failure into an error;
// a missing key (NoSuchAccessKey) is not found.
var decode = httpapi.CodedAnswers("Garage", urlHint, func(status int) bool { return status >= 200 && status < 300 },
	func(code, message string) string {
		if code != codeAccessDenied {
			return ""
		}
		return "Garage refused the admin token (AccessDenied: " + message + "): check garage.admin_token (GARAGE_ADMIN_TOKEN); a " +
			"token made with CreateAdminToken needs the key and bucket operations in its scope (the guide lists them)"
	}, codeNoSuchAccessKey).Decode
