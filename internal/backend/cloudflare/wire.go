package cloudflare

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// token is an account-owned API token as the API answers it.
type token struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Status    string     `json:"status"`
	IssuedOn  *time.Time `json:"issued_on,omitempty"`
	ExpiresOn *time.Time `json:"expires_on,omitempty"`
	Policies  []policy   `json:"policies"`
	// Value is the token itself, in the create's answer only; the S3
	// secret is its SHA-256. It is never kept, logged or shown.
	Value string `json:"value,omitempty"`
}

type policy struct {
	ID               string         `json:"id,omitempty"`
	Effect           string         `json:"effect"`
	PermissionGroups []groupRef     `json:"permission_groups"`
	Resources        map[string]any `json:"resources"`
}

type groupRef struct {
	ID string `json:"id"`
}

// body is a token's create or update body: what the provider sets.
type body struct {
	Name      string     `json:"name"`
	Status    string     `json:"status,omitempty"`
	ExpiresOn *time.Time `json:"expires_on,omitempty"`
	Policies  []policy   `json:"policies"`
}

// secretOf is R2's S3 secret of a token value: its SHA-256, in hex.
func secretOf(value string) string {
	sum := sha256.Sum256([]byte(value))
	return hex.EncodeToString(sum[:])
}

// markPrefix begins the name of every token the provider makes: the mark
// by which it knows its own (ours, cloudflare.go). A key's name is the
// rest.
const markPrefix = "objectstorage: "

// The R2 permission groups, by name; their ids are looked up once per run.
const (
	groupItemRead     = "Workers R2 Storage Bucket Item Read"
	groupItemWrite    = "Workers R2 Storage Bucket Item Write"
	groupStorageRead  = "Workers R2 Storage Read"
	groupStorageWrite = "Workers R2 Storage Write"
)

// groupsOf are the groups of a permission on a bucket: read_only the item
// read group, read_write the read and write groups.
func groupsOf(p backend.Permission) []string {
	if p == backend.ReadWrite {
		return []string{groupItemRead, groupItemWrite}
	}
	return []string{groupItemRead}
}

// shape is how the provider writes and reads a key's policies on one
// account and jurisdiction.
type shape struct {
	account, jurisdiction string
	ids                   map[string]string // group id by name
	names                 map[string]string // group name by id
}

func (s shape) bucketResource(bucket string) string {
	return "com.cloudflare.edge.r2.bucket." + s.account + "_" + s.jurisdiction + "_" + bucket
}

func (s shape) accountResource() string { return "com.cloudflare.api.account." + s.account }

func (s shape) refs(names ...string) []groupRef {
	refs := make([]groupRef, len(names))
	for i, n := range names {
		refs[i] = groupRef{ID: s.ids[n]}
	}
	return refs
}

// policies are a key's: one policy a permission over its buckets; the
// account-wide R2 groups for an unrestricted key; none for a key limited
// to no bucket.
func (s shape) policies(limited bool, grants []backend.Grant) []policy {
	if !limited {
		return []policy{{Effect: "allow", PermissionGroups: s.refs(groupStorageRead, groupStorageWrite),
			Resources: map[string]any{s.accountResource(): "*"}}}
	}
	out := []policy{}
	for _, p := range []backend.Permission{backend.ReadOnly, backend.ReadWrite} {
		resources := map[string]any{}
		for _, g := range grants {
			if g.Permission == p {
				resources[s.bucketResource(g.Bucket)] = "*"
			}
		}
		if len(resources) > 0 {
			out = append(out, policy{Effect: "allow", PermissionGroups: s.refs(groupsOf(p)...), Resources: resources})
		}
	}
	return out
}

// grants reads a token's policies back: policies the provider writes read
// as their grants; anything else as a custom grant on each bucket it
// names, or on every bucket ("*") where it names none.
func (s shape) grants(policies []policy) (limited bool, grants []backend.Grant) {
	if len(policies) == 1 && s.groupNames(policies[0]) == strings.Join(sorted(groupStorageRead, groupStorageWrite), ",") &&
		len(policies[0].Resources) == 1 && policies[0].Resources[s.accountResource()] == "*" && policies[0].Effect == "allow" {
		return false, nil
	}
	grants = []backend.Grant{}
	for _, p := range policies {
		permission := backend.Custom
		switch s.groupNames(p) {
		case strings.Join(sorted(groupsOf(backend.ReadOnly)...), ","):
			permission = backend.ReadOnly
		case strings.Join(sorted(groupsOf(backend.ReadWrite)...), ","):
			permission = backend.ReadWrite
		}
		if p.Effect != "allow" {
			permission = backend.Custom
		}
		prefix := s.bucketResource("")
		for resource, value := range p.Resources {
			bucket, ok := strings.CutPrefix(resource, prefix)
			if !ok || value != "*" {
				grants = append(grants, backend.Grant{Bucket: backend.WildcardBucket, Permission: backend.Custom})
				continue
			}
			grants = append(grants, backend.Grant{Bucket: bucket, Permission: permission})
		}
	}
	backend.SortGrants(grants)
	return true, slices.CompactFunc(grants, func(a, b backend.Grant) bool { return a == b })
}

func (s shape) groupNames(p policy) string {
	names := make([]string, len(p.PermissionGroups))
	for i, g := range p.PermissionGroups {
		names[i] = s.names[g.ID]
	}
	return strings.Join(sorted(names...), ",")
}

func sorted(names ...string) []string {
	out := slices.Clone(names)
	slices.Sort(out)
	return out
}

// toKey is a token in the provider's terms, without its secret, its name
// whole (ours takes the mark off).
func (s shape) toKey(t token) backend.Key {
	key := backend.Key{ID: t.ID, AccessKey: t.ID, Name: t.Name, Disabled: t.Status == "disabled"}
	key.Limited, key.Grants = s.grants(t.Policies)
	if t.IssuedOn != nil {
		key.CreatedAt = t.IssuedOn.UTC()
	}
	if t.ExpiresOn != nil {
		key.ExpiresAt = t.ExpiresOn.UTC()
	}
	return key
}
