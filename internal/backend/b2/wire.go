package b2

import (
	"slices"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// apiKey is an application key as B2's calls answer it.
type apiKey struct {
	AccountID           string   `json:"accountId"`
	ApplicationKeyID    string   `json:"applicationKeyId"`
	KeyName             string   `json:"keyName"`
	Capabilities        []string `json:"capabilities"`
	BucketIDs           []string `json:"bucketIds"` // null: every bucket
	NamePrefix          *string  `json:"namePrefix"`
	ExpirationTimestamp *int64   `json:"expirationTimestamp"` // ms since the epoch
	// ApplicationKey is the secret, in the create's answer only.
	ApplicationKey string `json:"applicationKey,omitempty"`
}

// The capability sets of the two permissions, the closest B2 has to
// permissions.md (the docs list the difference). listAllBucketNames lets a
// restricted key answer S3's ListBuckets.
var (
	readOnlyCapabilities = []string{
		"listAllBucketNames", "listBuckets", "listFiles", "readBucketEncryption", "readBucketNotifications", "readBucketRetentions",
		"readBuckets", "readFileLegalHolds", "readFileRetentions", "readFiles",
	}
	readWriteCapabilities = sorted(append(slices.Clone(readOnlyCapabilities),
		"deleteFiles", "writeBucketEncryption", "writeBucketNotifications", "writeBucketRetentions", "writeFileLegalHolds",
		"writeFileRetentions", "writeFiles"))
	// unrestrictedCapabilities reach every bucket: read_write's and
	// writeBuckets, which creates buckets (every key may) and writes their
	// settings; a key restricted to buckets cannot hold it.
	unrestrictedCapabilities = sorted(append(slices.Clone(readWriteCapabilities), "writeBuckets"))
)

func sorted(s []string) []string {
	slices.Sort(s)
	return s
}

// capabilitiesOf is the capability set of a permission.
func capabilitiesOf(p backend.Permission) []string {
	if p == backend.ReadWrite {
		return readWriteCapabilities
	}
	return readOnlyCapabilities
}

// permissionOf reads a capability set back; any other set is custom.
func permissionOf(capabilities []string) backend.Permission {
	c := sorted(slices.Clone(capabilities))
	switch {
	case slices.Equal(c, readOnlyCapabilities):
		return backend.ReadOnly
	case slices.Equal(c, readWriteCapabilities):
		return backend.ReadWrite
	}
	return backend.Custom
}

// toKey is a key in the provider's terms; names are the buckets' names by
// id (an id unknown to it stands for itself).
func (k apiKey) toKey(names map[string]string) backend.Key {
	key := backend.Key{ID: k.ApplicationKeyID, AccessKey: k.ApplicationKeyID, Name: k.KeyName, SecretKey: k.ApplicationKey}
	if k.ExpirationTimestamp != nil {
		key.ExpiresAt = time.UnixMilli(*k.ExpirationTimestamp).UTC()
	}
	switch {
	case k.BucketIDs == nil && slices.Equal(sorted(slices.Clone(k.Capabilities)), unrestrictedCapabilities) && k.NamePrefix == nil:
		return key
	case k.BucketIDs == nil:
		// Every bucket, with capabilities this provider does not write.
		key.Limited = true
		key.Grants = []backend.Grant{{Bucket: backend.WildcardBucket, Permission: backend.Custom}}
		return key
	}
	key.Limited, key.Grants = true, []backend.Grant{}
	permission := permissionOf(k.Capabilities)
	if k.NamePrefix != nil {
		// A prefix narrows the key to some files: more than a grant says.
		permission = backend.Custom
	}
	for _, id := range k.BucketIDs {
		name, ok := names[id]
		if !ok {
			name = id
		}
		key.Grants = append(key.Grants, backend.Grant{Bucket: name, Permission: permission})
	}
	backend.SortGrants(key.Grants)
	return key
}
