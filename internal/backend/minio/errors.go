package minio

import (
	"errors"
	"fmt"
	"strings"

	"github.com/minio/madmin-go/v3"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// MinIO admin error codes the backend reacts to. Codes, not message texts,
// are the stable part of MinIO's answers.
const (
	// codeNoSuchServiceAccount answers a lookup, update or delete of an
	// access key that is not a service account. MinIO shares the code
	// between "not found" (404) and "that access key is the admin's or a
	// plain user's" (403); for a key id both mean there is no such key.
	codeNoSuchServiceAccount = "XMinioInvalidIAMCredentials"
	// codeServiceAccountNotFound is the same answer from older servers.
	codeServiceAccountNotFound = "XMinioAdminServiceAccountNotFound"
	codeNotAllowed             = "XMinioIAMServiceAccountNotAllowed"
	codeInvalidArgument        = "XMinioAdminInvalidArgument"
	// CodeMalformedPolicy answers a policy MinIO's policy language refuses,
	// such as one naming an action it does not know.
	CodeMalformedPolicy = "XMinioMalformedIAMPolicy"
)

// isAccessDenied reports MinIO refusing the admin user a call it lacks the
// right for: the AccessDenied code, or, where the answer had no error body
// madmin could parse (as ExportIAM's refusal), madmin's stand-in code, the
// HTTP status line.
func isAccessDenied(err error) bool {
	code := ErrorCode(err)
	return code == "AccessDenied" || strings.HasPrefix(code, "403 ")
}

func isNoSuchServiceAccount(err error) bool {
	code := ErrorCode(err)
	return code == codeNoSuchServiceAccount || code == codeServiceAccountNotFound
}

// ErrorCode is the MinIO admin error code of err, or "".
func ErrorCode(err error) string {
	var resp madmin.ErrorResponse
	if errors.As(err, &resp) {
		return resp.Code
	}
	return ""
}

// mapError wraps an admin API error in the backend's typed errors. The
// message MinIO gave is kept (it never contains a secret); the code decides.
func mapError(op, accessKey string, err error) error {
	switch ErrorCode(err) {
	case codeNoSuchServiceAccount, codeServiceAccountNotFound:
		return fmt.Errorf("%s service account %q: %w", op, accessKey, backend.ErrNotFound)
	case codeInvalidArgument, CodeMalformedPolicy:
		return &backend.InvalidInputError{Attribute: "bucket_access", Detail: fmt.Sprintf("MinIO refused to %s service account %q: %v", op, accessKey, err)}
	}
	return fmt.Errorf("%s service account %q: %w", op, accessKey, err)
}
