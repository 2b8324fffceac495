package minio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
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
	// codeBadSignature and codeUnknownAccessKey answer a request signed
	// with the wrong admin password or user.
	codeBadSignature     = "SignatureDoesNotMatch"
	codeUnknownAccessKey = "InvalidAccessKeyId"
	// codeAccessDenied answers a call the user lacks the right for.
	codeAccessDenied = "AccessDenied"
	// CodeMalformedPolicy answers a policy MinIO's policy language refuses,
	// such as one naming an action it does not know.
	CodeMalformedPolicy = "XMinioMalformedIAMPolicy"
)

// isAccessDenied reports MinIO refusing the admin user a call it lacks the
// right for: the AccessDenied code, or a 403 without a MinIO error (as
// ExportIAM's refusal).
func isAccessDenied(err error) bool {
	var answer *adminapi.Error
	return errors.As(err, &answer) && (answer.Code == codeAccessDenied || answer.Code == "" && answer.Status == http.StatusForbidden)
}

func isNoSuchServiceAccount(err error) bool {
	code := ErrorCode(err)
	return code == codeNoSuchServiceAccount || code == codeServiceAccountNotFound
}

// ErrorCode is the MinIO admin error code of err, or "".
func ErrorCode(err error) string {
	var answer *adminapi.Error
	if errors.As(err, &answer) {
		return answer.Code
	}
	return ""
}

// mapError wraps an admin API error in the backend's typed errors, naming
// the operation and the server. The message MinIO gave is kept (it never
// contains a secret); the code decides.
func (b *Backend) mapError(op, subject string, err error) error {
	var unreachable *unreachableError
	switch {
	case errors.As(err, &unreachable):
		return fmt.Errorf("%s %s: %w", op, subject, err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s %s: MinIO at %s gave no answer before the operation's deadline: %w", op, subject, b.endpoint, err)
	}
	switch ErrorCode(err) {
	case codeNoSuchServiceAccount, codeServiceAccountNotFound:
		return fmt.Errorf("%s %s: %w", op, subject, backend.ErrNotFound)
	case codeInvalidArgument, CodeMalformedPolicy:
		return &backend.InvalidInputError{Field: backend.FieldGrants, Detail: fmt.Sprintf("MinIO refused to %s %s: %v", op, subject, err)}
	case codeBadSignature, codeUnknownAccessKey:
		return fmt.Errorf("%s %s: MinIO at %s refused the admin credentials (%v): check minio.user and minio.password "+
			"(MINIO_USER, MINIO_PASSWORD)", op, subject, b.endpoint, err)
	case codeAccessDenied:
		return fmt.Errorf("%s %s: MinIO at %s refused the user %q (minio.user, MINIO_USER) the right to %s: %w; %s",
			op, subject, b.endpoint, b.user, op, err, missingRight(op))
	}
	var answer *adminapi.Error
	if errors.As(err, &answer) && answer.Code == "" {
		return fmt.Errorf("%s %s on MinIO at %s: the server, or something in front of it, answered without a MinIO error: %w", op, subject, b.endpoint, err)
	}
	return fmt.Errorf("%s %s on MinIO at %s: %w", op, subject, b.endpoint, err)
}

// missingRight names the admin action an operation needs when MinIO
// refuses it. MinIO lets a user make, read, list and delete its own
// service accounts with no admin action, but not change them.
func missingRight(op string) string {
	action := map[string]string{
		"create": "admin:CreateServiceAccount", "read": "admin:ServiceAccountInfo", "list": "admin:ListServiceAccounts",
		"update": "admin:UpdateServiceAccount", "delete": "admin:RemoveServiceAccount",
	}[op]
	if op == "update" {
		return "MinIO lets a user make and delete its own keys but not change them: give the user a policy that allows " +
			action + ", or replace the key instead (terraform apply -replace=ADDRESS)"
	}
	return "give the user a policy that allows " + action + " (docs: Least privilege)"
}

// account names a service account in messages.
func account(accessKey string) string {
	return "service account " + strconv.Quote(accessKey)
}

// unreachableError is a preflight that failed: the endpoint is not MinIO,
// or cannot be reached with the configured settings. No admin call was
// sent.
type unreachableError struct{ err error }

func (e *unreachableError) Error() string { return e.err.Error() }

func (e *unreachableError) Unwrap() error { return e.err }
