package b2

import (
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

// decode turns an answer into out, or the request's failure into an error.
var decode = httpapi.CodedAnswers("Backblaze B2", urlHint, func(status int) bool { return status == http.StatusOK },
	func(code, message string) string {
		if code != codeUnauthorized {
			return ""
		}
		return "Backblaze B2 refused the application key (unauthorized: " + message + "): check b2.application_key_id and " +
			"b2.application_key (B2_APPLICATION_KEY_ID, B2_APPLICATION_KEY); the key needs the capabilities listKeys, writeKeys, " +
			"deleteKeys and listBuckets"
	}).Decode
