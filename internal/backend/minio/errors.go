package minio

import (
	"errors"
	"fmt"

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
	codeMalformedPolicy        = "XMinioMalformedPolicy"
)

func isNoSuchServiceAccount(err error) bool {
	code := errorCode(err)
	return code == codeNoSuchServiceAccount || code == codeServiceAccountNotFound
}

func errorCode(err error) string {
	var resp madmin.ErrorResponse
	if errors.As(err, &resp) {
		return resp.Code
	}
	return ""
}

// mapError wraps an admin API error in the backend's typed errors. The
// message MinIO gave is kept (it never contains a secret); the code decides.
func mapError(op, accessKey string, err error) error {
	switch errorCode(err) {
	case codeNoSuchServiceAccount, codeServiceAccountNotFound:
		return fmt.Errorf("%s service account %q: %w", op, accessKey, backend.ErrNotFound)
	case codeInvalidArgument, codeMalformedPolicy:
		return &backend.InvalidInputError{Attribute: "bucket_access", Detail: fmt.Sprintf("MinIO refused to %s service account %q: %v", op, accessKey, err)}
	}
	return fmt.Errorf("%s service account %q: %w", op, accessKey, err)
}
