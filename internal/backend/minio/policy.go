package minio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/s3policy"
)

// maxPolicyBytes is MinIO's limit on a service account's embedded policy.
const maxPolicyBytes = 4096

// UnsupportedActions are the permission actions MinIO's policy language
// answers "unsupported action" to (measured against the pinned server; a test
// keeps this list honest). The MinIO backend leaves them out of its policies.
var UnsupportedActions = []string{
	"s3:DeleteBucketWebsite",
	"s3:DeleteReplicationConfiguration",
	"s3:GetBucketAcl",
	"s3:GetBucketCORS",
	"s3:GetBucketLogging",
	"s3:GetBucketWebsite",
	"s3:GetObjectAcl",
	"s3:GetObjectTorrent",
	"s3:GetObjectVersionAcl",
	"s3:GetObjectVersionTorrent",
	"s3:PutBucketCORS",
	"s3:PutBucketLogging",
	"s3:PutBucketWebsite",
	"s3:PutObjectAcl",
	"s3:PutObjectVersionAcl",
}

// minioActions returns the actions MinIO is given for a permission: the
// backend-neutral list less what MinIO's policy language rejects.
func minioActions(p backend.Permission) ([]string, error) {
	actions, err := p.Actions()
	if err != nil {
		return nil, err
	}
	actions = slices.DeleteFunc(actions, func(a string) bool { return slices.Contains(UnsupportedActions, a) })
	slices.Sort(actions)
	return actions, nil
}

// minioPolicies is MinIO's policy language. Every key holds the
// account-wide actions, so an empty grant list is the account statement
// alone, which reaches no bucket: a limited key never falls back to "no
// policy", which on MinIO would inherit the parent user's full access.
var minioPolicies = s3policy.Language{Actions: minioActions, Account: backend.AccountActions}

// buildPolicy returns the embedded policy of a limited key.
func buildPolicy(grants []backend.Grant) ([]byte, error) { return minioPolicies.Build(grants) }

// policySizeError says a key's grants do not fit MinIO's policy limit.
func policySizeError(size int) *backend.InvalidInputError {
	return &backend.InvalidInputError{
		Field: backend.FieldGrants,
		Detail: fmt.Sprintf("the grants make a MinIO policy of %d bytes, more than MinIO's limit of %d bytes for a key's embedded policy: "+
			"grant fewer buckets to this key, or split them over several keys.", size, maxPolicyBytes),
	}
}

// parsePolicy turns an embedded policy back into grants, with a Custom
// grant for whatever this backend does not write (s3policy.Language.Parse).
func parsePolicy(raw []byte) ([]backend.Grant, error) { return minioPolicies.Parse(raw) }

// InheritsParentPolicy reports whether a stored session policy leaves a
// service account with its parent user's policy, as MinIO reads it: no
// policy at all, or one with neither a version nor a statement. That is
// what MinIO stores for a create that sent `{}`, `null` or
// `{"Version":"","Statement":null}` (the MinIO Terraform provider's "no
// policy"), and what its info-service-account answers with impliedPolicy
// for. A policy with a version and no statement is not one: MinIO keeps it
// and enforces it, denying everything.
func InheritsParentPolicy(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return true
	}
	var doc struct {
		Version   string            `json:"Version"`
		Statement []json.RawMessage `json:"Statement"`
	}
	return json.Unmarshal(raw, &doc) == nil && doc.Version == "" && len(doc.Statement) == 0
}

// PolicyOf is the embedded policy this backend writes for a limited key's
// grants (buildPolicy), for tests and tools that need one as MinIO stores it.
func PolicyOf(grants []backend.Grant) ([]byte, error) { return buildPolicy(grants) }

// GrantsOfPolicy reads an embedded policy as grants, and reports whether
// it is exactly one this backend writes: per-bucket read_only and
// read_write and the account-wide actions, nothing else.
func GrantsOfPolicy(raw []byte) (grants []backend.Grant, ours bool, err error) {
	grants, err = parsePolicy(raw)
	return grants, err == nil && s3policy.IsRepresentable(grants), err
}
