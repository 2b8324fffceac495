package digitalocean

import (
	"slices"
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
	Name      string  `json:"name"`
	AccessKey string  `json:"access_key"`
	SecretKey string  `json:"secret_key,omitempty"`
	Grants    []Grant `json:"grants"`
	CreatedAt string  `json:"created_at"`
}

// Grant is one grant as the API spells it, and as DigitalOcean's own
// provider stores it.
type Grant struct {
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
	Name   string  `json:"name"`
	Grants []Grant `json:"grants"`
}

// fullAccess is the one grant of an unrestricted key.
var fullAccess = Grant{Bucket: "", Permission: permFullAccess}

// grantsFor is the grant list of spec: full access for an unrestricted key,
// else one grant per bucket ("grants": [] for a key that reaches none).
func grantsFor(spec backend.KeySpec) []Grant {
	if !spec.Limited {
		return []Grant{fullAccess}
	}
	grants := make([]Grant, 0, len(spec.Grants))
	for _, g := range spec.Grants {
		p := permRead
		if g.Permission == backend.ReadWrite {
			p = permReadWrite
		}
		grants = append(grants, Grant{Bucket: g.Bucket, Permission: p})
	}
	return grants
}

// toKey reads a key.
func (k apiKey) toKey() backend.Key {
	key := backend.Key{ID: k.AccessKey, Name: k.Name, AccessKey: k.AccessKey, SecretKey: k.SecretKey}
	if t, err := time.Parse(time.RFC3339, k.CreatedAt); err == nil {
		key.CreatedAt = t
	}
	key.Limited, key.Grants = ReadGrants(k.Grants)
	return key
}

// ReadGrants reads a key's grants: a full-access grant on every bucket ("")
// makes it unrestricted, as the service treats it; any other grant this
// provider does not write (full access on one bucket, a permission it does
// not know) is a custom grant, which plans a replacement. A limited key
// without grants has an empty, non-nil list.
func ReadGrants(grants []Grant) (limited bool, out []backend.Grant) {
	if slices.Contains(grants, fullAccess) {
		return false, nil
	}
	out = []backend.Grant{}
	for _, g := range grants {
		out = append(out, backend.Grant{Bucket: g.Bucket, Permission: permissionOf(g.Permission)})
	}
	backend.SortGrants(out)
	return true, out
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
