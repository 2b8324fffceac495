package garage

import (
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// keyInfo is Garage's KeyInfo (the fields the backend reads).
type keyInfo struct {
	AccessKeyID     string      `json:"accessKeyId"`
	Name            string      `json:"name"`
	Expired         bool        `json:"expired"`
	Created         *time.Time  `json:"created"`
	Expiration      *time.Time  `json:"expiration"`
	SecretAccessKey *string     `json:"secretAccessKey"`
	Buckets         []keyBucket `json:"buckets"`
}

type keyBucket struct {
	ID            string      `json:"id"`
	GlobalAliases []string    `json:"globalAliases"`
	Permissions   permissions `json:"permissions"`
}

// permissions are a key's flags on a bucket; in a request, a flag set to
// true is allowed (AllowBucketKey) or denied (DenyBucketKey), and one set
// to false is left alone.
type permissions struct {
	Read  bool `json:"read"`
	Write bool `json:"write"`
	Owner bool `json:"owner"`
}

// listedKey is one entry of ListKeys.
type listedKey struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Created    *time.Time `json:"created"`
	Expiration *time.Time `json:"expiration"`
}

// listedBucket is one entry of ListBuckets.
type listedBucket struct {
	ID            string   `json:"id"`
	GlobalAliases []string `json:"globalAliases"`
}

// bucketInfo is Garage's BucketInfo (the fields the backend reads).
type bucketInfo struct {
	ID            string      `json:"id"`
	GlobalAliases []string    `json:"globalAliases"`
	Keys          []bucketKey `json:"keys"`
}

type bucketKey struct {
	AccessKeyID string      `json:"accessKeyId"`
	Permissions permissions `json:"permissions"`
}

// keyUpdate is an UpdateKey body: only the fields present change.
type keyUpdate struct {
	Name         *string    `json:"name,omitempty"`
	Allow        *rights    `json:"allow,omitempty"`
	Expiration   *time.Time `json:"expiration,omitempty"`
	NeverExpires bool       `json:"neverExpires,omitempty"`
}

type rights struct {
	CreateBucket bool `json:"createBucket"`
}

// grantBody is an AllowBucketKey or DenyBucketKey body.
type grantBody struct {
	BucketID    string      `json:"bucketId"`
	AccessKeyID string      `json:"accessKeyId"`
	Permissions permissions `json:"permissions"`
}

// flagsOf are the flags a permission sets: read_only is read, read_write
// read and write; owner is never granted (it would let the key delete the
// bucket).
func flagsOf(p backend.Permission) permissions {
	return permissions{Read: true, Write: p == backend.ReadWrite}
}

// permissionOf reads flags back: anything but read, or read and write,
// is custom (owner, or write without read).
func permissionOf(f permissions) backend.Permission {
	switch f {
	case permissions{Read: true}:
		return backend.ReadOnly
	case permissions{Read: true, Write: true}:
		return backend.ReadWrite
	}
	return backend.Custom
}

// bucketName is how a grant names a bucket: its global alias, or its id
// for a bucket without one.
func bucketName(id string, aliases []string) string {
	if len(aliases) > 0 {
		return aliases[0]
	}
	return id
}

// toKey is a key as its info says; the grants are its buckets' flags.
func (k keyInfo) toKey() backend.Key {
	key := backend.Key{ID: k.AccessKeyID, AccessKey: k.AccessKeyID, Name: k.Name, Limited: true, Grants: []backend.Grant{}}
	if k.SecretAccessKey != nil {
		key.SecretKey = *k.SecretAccessKey
	}
	if k.Created != nil {
		key.CreatedAt = k.Created.UTC()
	}
	if k.Expiration != nil {
		key.ExpiresAt = k.Expiration.UTC()
	}
	for _, b := range k.Buckets {
		if b.Permissions == (permissions{}) {
			continue
		}
		key.Grants = append(key.Grants, backend.Grant{Bucket: bucketName(b.ID, b.GlobalAliases), Permission: permissionOf(b.Permissions)})
	}
	backend.SortGrants(key.Grants)
	return key
}
