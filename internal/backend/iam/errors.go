package iam

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/smithy-go"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// The IAM API's error codes the backend acts on.
const (
	codeNoSuchEntity        = "NoSuchEntity"
	codeEntityAlreadyExists = "EntityAlreadyExists"
	codeDeleteConflict      = "DeleteConflict"
	codeAccessDenied        = "AccessDenied"
	codeInvalidAction       = "InvalidAction"
	codeMalformedPolicy     = "MalformedPolicyDocument"
)

// codeOf is the IAM API's error code of err, or "".
func codeOf(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

func isCode(err error, code string) bool { return codeOf(err) == code }

// unclear reports whether a request may or may not have been carried out:
// no answer came, or the service failed.
func unclear(err error) bool {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return err != nil
	}
	return apiErr.ErrorFault() == smithy.FaultServer
}

// failed wraps an error of one IAM action (such as "CreateUser") on a user:
// NoSuchEntity becomes backend.ErrNotFound, and a refusal for want of a
// right names the action the credentials need.
func (b *Backend) failed(action, user string, err error) error {
	switch {
	case isCode(err, codeNoSuchEntity):
		return fmt.Errorf("%s %s: %w", action, user, backend.ErrNotFound)
	case isCode(err, codeAccessDenied):
		return fmt.Errorf("%s %s: the IAM API refused it (AccessDenied): the credentials of the iam block (access_key, profile or "+
			"the SDK's chain) need the iam:%s right (the guide's least-privilege policy lists them): %w", action, user, action, err)
	case isCode(err, codeMalformedPolicy) && b.cfg.Service != SeaweedFS && strings.Contains(err.Error(), "not a valid action"):
		// SeaweedFS refuses AWS's actions it does not know by name.
		return fmt.Errorf("%s %s: the service refused an S3 action of AWS's policy language (%w); SeaweedFS answers so: if the "+
			"endpoint is SeaweedFS, set service = \"seaweedfs\" in the iam block (or OBJECTSTORAGE_IAM_SERVICE=seaweedfs)", action, user, err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s %s: no answer from %s before the operation's timeout: %w", action, user, b.where(), err)
	}
	return fmt.Errorf("%s %s: %w", action, user, err)
}

// where names the IAM API the backend calls, for errors.
func (b *Backend) where() string {
	if b.cfg.Endpoint == "" {
		return "AWS IAM (region " + b.cfg.Region + ")"
	}
	return b.cfg.Endpoint
}
