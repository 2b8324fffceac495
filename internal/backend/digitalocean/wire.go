package digitalocean

import (
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// Permissions as the API spells them.
const (
	permRead       = "read"
	permReadWrite  = "readwrite"
	permFullAccess = "fullaccess"
)

// apiKey is a Spaces access key as the API answers it.
type apiKey struct {
	Name      string     `json:"name"`
	AccessKey string     `json:"access_key"`
	SecretKey string     `json:"secret_key,omitempty"`
	Grants    []apiGrant `json:"grants"`
	CreatedAt string     `json:"created_at"`
}

type apiGrant struct {
	Bucket     string `json:"bucket"`
	Permission string `json:"permission"`
}

// keyRoot wraps one key in answers: {"key": {...}}.
type keyRoot struct {
	Key apiKey `json:"key"`
}

// listPage is one page of the key list.
type listPage struct {
	Keys []apiKey `json:"keys"`
	Meta struct {
		Total int `json:"total"`
	} `json:"meta"`
}

// keyBody is what a create and an update send: the name and the grants.
// An update sends the grants the key already has, as DigitalOcean's own
// clients do; the service changes only the name.
type keyBody struct {
	Name   string     `json:"name"`
	Grants []apiGrant `json:"grants"`
}

// fullAccess is the one grant of an unrestricted key.
var fullAccess = apiGrant{Bucket: "", Permission: permFullAccess}

// grantsFor is the grant list of spec: full access for an unrestricted key,
// else one grant per bucket ("grants": [] for a key that reaches none).
func grantsFor(spec backend.KeySpec) []apiGrant {
	if !spec.Limited {
		return []apiGrant{fullAccess}
	}
	grants := make([]apiGrant, 0, len(spec.Grants))
	for _, g := range spec.Grants {
		p := permRead
		if g.Permission == backend.ReadWrite {
			p = permReadWrite
		}
		grants = append(grants, apiGrant{Bucket: g.Bucket, Permission: p})
	}
	return grants
}

// toKey reads a key: a full-access grant on every bucket ("") makes it
// unrestricted, as the service treats it; any other grant this provider
// does not write (full access on one bucket, a permission it does not
// know) is shown as a custom grant, which plans a replacement.
func (k apiKey) toKey() backend.Key {
	key := backend.Key{ID: k.AccessKey, Name: k.Name, AccessKey: k.AccessKey, SecretKey: k.SecretKey, Limited: true}
	if t, err := time.Parse(time.RFC3339, k.CreatedAt); err == nil {
		key.CreatedAt = t
	}
	for _, g := range k.Grants {
		if g == fullAccess {
			key.Limited, key.Grants = false, nil
			return key
		}
	}
	for _, g := range k.Grants {
		key.Grants = append(key.Grants, backend.Grant{Bucket: g.Bucket, Permission: permissionOf(g.Permission)})
	}
	backend.SortGrants(key.Grants)
	return key
}

func permissionOf(p string) backend.Permission {
	switch p {
	case permRead:
		return backend.ReadOnly
	case permReadWrite:
		return backend.ReadWrite
	}
	return backend.Custom
}

// withoutSecret is the key as a read would answer it: what the list cache
// keeps, so that no read ever returns the secret a create answered.
func (k apiKey) withoutSecret() apiKey {
	k.SecretKey = ""
	return k
}
