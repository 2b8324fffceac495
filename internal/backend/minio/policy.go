package minio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
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

// allBuckets is the bucket pattern of the account-wide statement.
const allBuckets = "*"

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

// buildPolicy returns the embedded policy of a limited key: one statement for
// the account-wide actions every key has, and one per permission listing its
// buckets. An empty grant list yields the account statement alone, which
// reaches no bucket: a limited key never falls back to "no policy", which on
// MinIO would inherit the parent user's full access. The same grants always
// give the same bytes: actions sorted, buckets in name order.
func buildPolicy(grants []backend.Grant) ([]byte, error) {
	doc := policyDocument{
		Version:   policyVersion,
		Statement: statements{allow(backend.AccountActions, []string{s3ARN + allBuckets})},
	}
	grants = slices.Clone(grants)
	backend.SortGrants(grants)
	byPermission := map[backend.Permission][]string{}
	for _, g := range grants {
		byPermission[g.Permission] = append(byPermission[g.Permission], g.Bucket)
	}
	for _, p := range []backend.Permission{backend.ReadOnly, backend.ReadWrite} {
		buckets := byPermission[p]
		delete(byPermission, p)
		if len(buckets) == 0 {
			continue
		}
		actions, err := minioActions(p)
		if err != nil {
			return nil, err
		}
		resources := make([]string, 0, 2*len(buckets))
		for _, b := range buckets {
			resources = append(resources, s3ARN+b, s3ARN+b+"/*")
		}
		doc.Statement = append(doc.Statement, allow(actions, resources))
	}
	for p := range byPermission {
		return nil, fmt.Errorf("unknown permission %q: allowed values are %q and %q", p, backend.ReadOnly, backend.ReadWrite)
	}
	return json.Marshal(doc)
}

func allow(actions, resources []string) statement {
	actions = slices.Clone(actions)
	slices.Sort(actions)
	return statement{Effect: effectAllow, Action: actions, Resource: resources}
}

// policySizeError says a key's grants do not fit MinIO's policy limit.
func policySizeError(size int) *backend.InvalidInputError {
	return &backend.InvalidInputError{
		Field: backend.FieldGrants,
		Detail: fmt.Sprintf("the grants make a MinIO policy of %d bytes, more than MinIO's limit of %d bytes for a key's embedded policy: "+
			"grant fewer buckets to this key, or split them over several keys.", size, maxPolicyBytes),
	}
}

// parsePolicy turns an embedded policy back into grants. A bucket whose
// permissions match neither read_only nor read_write, and any statement this
// backend does not write (a Deny, a condition, other resources), is reported
// as a Custom grant ("*" for statements that name no one bucket), so that a
// policy changed outside Terraform shows in the plan and apply repairs it.
func parsePolicy(raw []byte) ([]backend.Grant, error) {
	if !json.Valid(raw) {
		return nil, fmt.Errorf("parse the key's embedded policy: it is not JSON")
	}
	doc, err := decodePolicy(raw)
	if err != nil {
		// MinIO took it, so it is valid in MinIO's policy language but
		// holds what this backend never writes: someone else's.
		return []backend.Grant{{Bucket: backend.WildcardBucket, Permission: backend.Custom}}, nil //nolint:nilerr // reported as a custom grant
	}

	foreign := !slices.Contains(policyVersions, doc.Version)
	perResource := map[string]map[string]bool{}
	for _, st := range doc.Statement {
		if !st.isPlainAllow() {
			foreign = true
			continue
		}
		for _, r := range st.Resource {
			pattern, ok := bucketOf(r)
			if !ok {
				foreign = true
				continue
			}
			if perResource[pattern] == nil {
				perResource[pattern] = map[string]bool{}
			}
			for _, a := range st.Action {
				perResource[pattern][a] = true
			}
		}
	}

	// Every policy this backend writes carries the account-wide actions;
	// one without them grants less than its buckets' permissions say.
	if account, ok := perResource[allBuckets]; !ok || !sameSet(account, backend.AccountActions) {
		foreign = true
	}
	delete(perResource, allBuckets)

	buckets := map[string][2]map[string]bool{} // bucket -> {bucket ARN actions, object ARN actions}
	for pattern, actions := range perResource {
		name, isObjects := strings.CutSuffix(pattern, "/*")
		if name == "" || strings.ContainsAny(name, "*/?") {
			foreign = true
			continue
		}
		pair := buckets[name]
		if isObjects {
			pair[1] = actions
		} else {
			pair[0] = actions
		}
		buckets[name] = pair
	}

	var grants []backend.Grant
	for name, pair := range buckets {
		grants = append(grants, backend.Grant{Bucket: name, Permission: permissionOf(pair[0], pair[1])})
	}
	if foreign {
		grants = append(grants, backend.Grant{Bucket: backend.WildcardBucket, Permission: backend.Custom})
	}
	backend.SortGrants(grants)
	return grants, nil
}

// permissionOf names the permission whose actions a bucket holds exactly on
// both the bucket and its objects, or Custom.
func permissionOf(bucketActions, objectActions map[string]bool) backend.Permission {
	for _, p := range []backend.Permission{backend.ReadOnly, backend.ReadWrite} {
		want, _ := minioActions(p)
		if sameSet(bucketActions, want) && sameSet(objectActions, want) {
			return p
		}
	}
	return backend.Custom
}

func sameSet(have map[string]bool, want []string) bool {
	if len(have) != len(want) {
		return false
	}
	for _, w := range want {
		if !have[w] {
			return false
		}
	}
	return true
}

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
	return grants, err == nil && isRepresentable(grants), err
}

// isRepresentable reports whether grants came from a policy this backend
// could have written.
func isRepresentable(grants []backend.Grant) bool {
	return !slices.ContainsFunc(grants, func(g backend.Grant) bool { return g.Permission == backend.Custom })
}
