package backend

import (
	"slices"
	"strings"
	"time"
)

// KeySpec is the desired shape of an access key.
type KeySpec struct {
	Name string

	// Limited keys reach only the buckets of their grants; an unlimited key
	// has the service's default access.
	Limited bool

	// Grants are a limited key's bucket permissions. An empty list on a
	// limited key grants no bucket at all.
	Grants []Grant

	// KeepGrants tells UpdateKey to leave a limited key's grants as they are:
	// they belong to standalone grant resources, or to nobody.
	KeepGrants bool

	// Regions are the regions a key may be used in, where the service scopes
	// keys by region.
	Regions []string

	// InstanceID is the storage instance a key belongs to, where the service
	// groups keys by instance.
	InstanceID string

	// Disabled keys exist, but the service refuses them (Capabilities.Disable).
	Disabled bool

	// ExpiresAt is when the service stops honouring the key; zero for
	// never (Capabilities.Expiry).
	ExpiresAt time.Time

	// SecretKey, when set, is the secret the caller chose for the key
	// (Capabilities.CallerChosenSecret): a create makes the key with it, an
	// update gives the key this new secret. It must never be logged.
	SecretKey string
}

// Key is an access key as the service reports it.
type Key struct {
	ID        string
	Name      string
	AccessKey string

	// SecretKey is only set by CreateKey, and by reads on services that can
	// reveal a secret again. It must never be logged.
	SecretKey string

	Limited    bool
	Grants     []Grant
	Regions    []string
	InstanceID string
	Disabled   bool
	ExpiresAt  time.Time // zero for never
	// CreatedAt is when the service made the key; zero where it does not
	// say.
	CreatedAt time.Time
}

// Grant is one bucket permission of a limited key.
type Grant struct {
	Bucket     string
	Permission Permission
	// Region is the bucket's region where the service needs it.
	Region string
}

// SortGrants orders grants by bucket and region so that comparisons and
// generated documents are stable.
func SortGrants(grants []Grant) {
	slices.SortFunc(grants, func(a, b Grant) int {
		if c := strings.Compare(a.Bucket, b.Bucket); c != 0 {
			return c
		}
		return strings.Compare(a.Region, b.Region)
	})
}

// GrantFor returns the grant on bucket (and region, where given) and whether
// there is one.
func GrantFor(grants []Grant, bucket, region string) (Grant, bool) {
	for _, g := range grants {
		if g.Bucket == bucket && (region == "" || g.Region == region) {
			return g, true
		}
	}
	return Grant{}, false
}

// WildcardBucket is the bucket of a Custom grant that names no one bucket:
// permissions the service holds that this provider did not write.
const WildcardBucket = "*"

// EffectivePermission is what a key may do on a bucket: unrestricted keys
// count as read_write, limited keys as their grant says, and a key holding
// permissions that name no one bucket as Custom (it may reach the bucket).
func (k Key) EffectivePermission(bucket, region string) (Permission, bool) {
	if !k.Limited {
		return ReadWrite, true
	}
	if g, ok := GrantFor(k.Grants, bucket, region); ok {
		return g.Permission, true
	}
	if _, ok := GrantFor(k.Grants, WildcardBucket, ""); ok {
		return Custom, true
	}
	return "", false
}

// ScopedID is the id of a key of an instance-scoped backend
// (Capabilities.InstanceScoped): INSTANCE_ID/KEY_ID.
func ScopedID(instanceID, id string) string {
	return instanceID + "/" + id
}

// SplitScopedID splits INSTANCE_ID/KEY_ID; ok is false for any other shape.
func SplitScopedID(scoped string) (instanceID, id string, ok bool) {
	instanceID, id, ok = strings.Cut(scoped, "/")
	return instanceID, id, ok && instanceID != "" && id != "" && !strings.Contains(id, "/")
}
