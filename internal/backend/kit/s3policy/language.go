package s3policy

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// Language is what one service's policy language takes: the S3 actions it
// knows for each permission, and the account-wide actions every key holds.
type Language struct {
	// Actions returns the actions a permission grants on its bucket and
	// its objects, sorted.
	Actions func(backend.Permission) ([]string, error)
	// Account are the actions every key holds on every bucket
	// (backend.AccountActions), or none where the language cannot grant
	// them without granting more.
	Account []string
}

// allBuckets is the bucket pattern of the account-wide statement and of an
// unrestricted key's grants.
const allBuckets = "*"

// Build returns the policy of a limited key: one statement for the
// account-wide actions, if the language has them, and one per permission
// listing its buckets. An empty grant list yields the account statement
// alone (or no statement), which reaches no bucket. The same grants always
// give the same bytes: actions sorted, buckets in name order.
func (l Language) Build(grants []backend.Grant) ([]byte, error) {
	doc := l.accountDocument()
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
		actions, err := l.Actions(p)
		if err != nil {
			return nil, err
		}
		resources := make([]string, 0, 2*len(buckets))
		for _, b := range buckets {
			resources = append(resources, ARN+b, ARN+b+"/*")
		}
		doc.Statement = append(doc.Statement, allow(actions, resources))
	}
	for p := range byPermission {
		return nil, fmt.Errorf("unknown permission %q: allowed values are %q and %q", p, backend.ReadOnly, backend.ReadWrite)
	}
	return json.Marshal(doc)
}

// BuildUnrestricted returns the policy of a key that reaches every bucket
// as read_write does one: the permission's actions on every bucket and
// object, and nothing beyond S3's buckets and objects.
func (l Language) BuildUnrestricted() ([]byte, error) {
	actions, err := l.Actions(backend.ReadWrite)
	if err != nil {
		return nil, err
	}
	doc := l.accountDocument()
	doc.Statement = append(doc.Statement, allow(actions, []string{ARN + allBuckets, ARN + allBuckets + "/*"}))
	return json.Marshal(doc)
}

// IsUnrestricted reports whether raw is the policy BuildUnrestricted
// writes, in any order and spelling of its lists.
func (l Language) IsUnrestricted(raw []byte) bool {
	want, err := l.BuildUnrestricted()
	if err != nil {
		return false
	}
	a, errA := Decode(raw)
	b, errB := Decode(want)
	return errA == nil && errB == nil && reflect.DeepEqual(canonical(a), canonical(b))
}

// HasStatements reports whether the policy of grants has any statement: a
// language without account actions writes none for a key with no grant,
// and such a key is a user without a policy.
func (l Language) HasStatements(grants []backend.Grant) bool {
	return len(grants) > 0 || len(l.Account) > 0
}

func (l Language) accountDocument() Document {
	doc := Document{Version: Version, Statement: Statements{}}
	if len(l.Account) > 0 {
		doc.Statement = append(doc.Statement, allow(l.Account, []string{ARN + allBuckets}))
	}
	return doc
}

func allow(actions, resources []string) Statement {
	actions = slices.Clone(actions)
	slices.Sort(actions)
	return Statement{Effect: EffectAllow, Action: actions, Resource: resources}
}

// canonical sorts a document's lists so that two spellings of the same
// grants compare equal.
func canonical(doc Document) Document {
	out := Document{Version: doc.Version}
	for _, st := range doc.Statement {
		st.Action = slices.Sorted(slices.Values(st.Action))
		st.Resource = slices.Sorted(slices.Values(st.Resource))
		out.Statement = append(out.Statement, st)
	}
	slices.SortFunc(out.Statement, func(a, b Statement) int {
		return strings.Compare(strings.Join(a.Resource, ","), strings.Join(b.Resource, ","))
	})
	return out
}

// Parse turns a policy back into grants. A bucket whose permissions match
// neither read_only nor read_write, and any statement this provider does
// not write (a Deny, a condition, other resources), is reported as a
// Custom grant ("*" for statements that name no one bucket), so that a
// policy changed outside Terraform shows in the plan and apply repairs it.
func (l Language) Parse(raw []byte) ([]backend.Grant, error) {
	if !json.Valid(raw) {
		return nil, fmt.Errorf("parse the key's policy: it is not JSON")
	}
	doc, err := Decode(raw)
	if err != nil {
		// The service took it, so it is valid in the service's policy
		// language but holds what this provider never writes: someone
		// else's.
		return []backend.Grant{{Bucket: backend.WildcardBucket, Permission: backend.Custom}}, nil //nolint:nilerr // reported as a custom grant
	}

	foreign := !slices.Contains(versions, doc.Version)
	perResource := map[string]map[string]bool{}
	for _, st := range doc.Statement {
		if !st.IsPlainAllow() {
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

	// Every policy this provider writes carries the language's account-wide
	// actions and no other; one without them grants less than its buckets'
	// permissions say.
	account, ok := perResource[allBuckets]
	if ok != (len(l.Account) > 0) || ok && !sameSet(account, l.Account) {
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
		grants = append(grants, backend.Grant{Bucket: name, Permission: l.permissionOf(pair[0], pair[1])})
	}
	if foreign {
		grants = append(grants, backend.Grant{Bucket: backend.WildcardBucket, Permission: backend.Custom})
	}
	backend.SortGrants(grants)
	return grants, nil
}

// permissionOf names the permission whose actions a bucket holds exactly on
// both the bucket and its objects, or Custom.
func (l Language) permissionOf(bucketActions, objectActions map[string]bool) backend.Permission {
	for _, p := range []backend.Permission{backend.ReadOnly, backend.ReadWrite} {
		want, _ := l.Actions(p)
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

// IsRepresentable reports whether grants came from a policy this provider
// could have written: no Custom grant.
func IsRepresentable(grants []backend.Grant) bool {
	return !slices.ContainsFunc(grants, func(g backend.Grant) bool { return g.Permission == backend.Custom })
}
