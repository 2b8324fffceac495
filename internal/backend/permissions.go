package backend

import "fmt"

// Permission is what a grant allows on its bucket.
type Permission string

const (
	// ReadOnly reads and lists a bucket and its objects.
	ReadOnly Permission = "read_only"
	// ReadWrite adds writing and deleting objects and bucket settings.
	ReadWrite Permission = "read_write"
	// Custom is never configured: it is what a read reports when the service
	// holds permissions on a bucket that match neither ReadOnly nor ReadWrite
	// (changed outside Terraform), so that the plan shows the drift.
	Custom Permission = "custom"
)

// Permissions lists the values a configuration may use.
var Permissions = []string{string(ReadOnly), string(ReadWrite)}

// AccountActions are granted to every key, limited or not, as on Linode: a
// key may list all buckets and create one (but use it only when granted).
var AccountActions = []string{
	"s3:CreateBucket",
	"s3:ListAllMyBuckets",
}

// ReadOnlyActions are the S3 actions Linode documents for its Read permission
// (shared/permissions.md), sorted.
var ReadOnlyActions = []string{
	"s3:GetBucketAcl",
	"s3:GetBucketCORS",
	"s3:GetBucketLocation",
	"s3:GetBucketLogging",
	"s3:GetBucketNotification",
	"s3:GetBucketPolicy",
	"s3:GetBucketTagging",
	"s3:GetBucketVersioning",
	"s3:GetBucketWebsite",
	"s3:GetLifecycleConfiguration",
	"s3:GetObject",
	"s3:GetObjectAcl",
	"s3:GetObjectTorrent",
	"s3:GetObjectVersion",
	"s3:GetObjectVersionAcl",
	"s3:GetObjectVersionTorrent",
	"s3:GetReplicationConfiguration",
	"s3:ListBucket",
	"s3:ListBucketMultipartUploads",
	"s3:ListBucketVersions",
	"s3:ListMultipartUploadParts",
}

// readWriteExtraActions are what Read/Write adds to Read.
var readWriteExtraActions = []string{
	"s3:AbortMultipartUpload",
	"s3:DeleteBucketWebsite",
	"s3:DeleteObject",
	"s3:DeleteObjectVersion",
	"s3:DeleteReplicationConfiguration",
	"s3:PutBucketCORS",
	"s3:PutBucketLogging",
	"s3:PutBucketNotification",
	"s3:PutBucketTagging",
	"s3:PutBucketVersioning",
	"s3:PutBucketWebsite",
	"s3:PutLifecycleConfiguration",
	"s3:PutObject",
	"s3:PutObjectAcl",
	"s3:PutObjectVersionAcl",
	"s3:PutReplicationConfiguration",
	"s3:RestoreObject",
}

// Actions returns the S3 actions a permission grants on its bucket.
func (p Permission) Actions() ([]string, error) {
	switch p {
	case ReadOnly:
		return append([]string(nil), ReadOnlyActions...), nil
	case ReadWrite:
		return append(append([]string(nil), ReadOnlyActions...), readWriteExtraActions...), nil
	default:
		return nil, fmt.Errorf("unknown permission %q: allowed values are %q and %q", p, ReadOnly, ReadWrite)
	}
}
