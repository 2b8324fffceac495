package ceph

import (
	"errors"
	"fmt"

	"github.com/aws/smithy-go"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// NeededCaps are the admin caps the backend's user needs: users for the
// users and keys, user-policy for the policies, metadata=read for the list
// of users.
const NeededCaps = "users=*;user-policy=*;metadata=read"

// capsHint says how to give them.
const capsHint = "the user of ceph.access_key needs the admin caps " + NeededCaps +
	" (radosgw-admin caps add --uid=USER --caps=\"" + NeededCaps + "\")"

// urlHint ends the errors about answers that do not come from RGW.
const urlHint = "check ceph.endpoint (CEPH_RGW_ENDPOINT), which must be the gateway's URL, such as http://rgw.example.com:7480"

// The codes of RGW's answers the backend acts on.
const (
	codeNoSuchUser = "NoSuchUser"
	// codeNoSuchKey is the metadata API's answer for a user that does
	// not exist.
	codeNoSuchKey         = "NoSuchKey"
	codeUserAlreadyExists = "UserAlreadyExists"
	codeKeyExists         = "KeyExists"
	codeAccessDenied      = "AccessDenied"
	codeInvalidAccessKey  = "InvalidAccessKeyId"
	codeSignature         = "SignatureDoesNotMatch"
	// codeUserOwnsBuckets is what RGW answers a delete of a user that
	// still owns buckets (its name is RGW's).
	codeUserOwnsBuckets = "BucketAlreadyExists"
	codeNoSuchEntity    = "NoSuchEntity"
	codeMalformedPolicy = "MalformedPolicyDocument"
)

// answers reads the admin API's answers: JSON, errors as {"Code": ...}; a
// missing user (NoSuchUser, or the metadata API's NoSuchKey) is not found.
var answers = httpapi.CodedAnswers("Ceph RGW", urlHint, func(status int) bool { return status >= 200 && status < 300 },
	func(code, _ string) string {
		switch code {
		case codeAccessDenied:
			return "Ceph RGW refused it (AccessDenied): " + capsHint
		case codeInvalidAccessKey, codeSignature:
			return "Ceph RGW refused the credentials (" + code + "): check ceph.access_key and ceph.secret_key " +
				"(CEPH_RGW_ACCESS_KEY, CEPH_RGW_SECRET_KEY)"
		}
		return ""
	}, codeNoSuchUser, codeNoSuchKey)

// policyCode is the IAM API's error code of err, or "".
func policyCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// policyFailed wraps an error of one user-policy call.
func policyFailed(action, uid string, err error) error {
	switch policyCode(err) {
	case codeNoSuchEntity:
		return fmt.Errorf("%s %s: %w", action, uid, backend.ErrNotFound)
	case codeAccessDenied:
		return fmt.Errorf("%s %s: Ceph RGW refused it (AccessDenied): %s: %w", action, uid, capsHint, err)
	case codeInvalidAccessKey, codeSignature:
		return fmt.Errorf("%s %s: Ceph RGW refused the credentials: check ceph.access_key and ceph.secret_key "+
			"(CEPH_RGW_ACCESS_KEY, CEPH_RGW_SECRET_KEY): %w", action, uid, err)
	}
	return fmt.Errorf("%s %s: %w", action, uid, err)
}
