package iam

import (
	"slices"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/s3policy"
)

// policyName is the one inline policy the backend writes on each of its
// users.
const policyName = "objectstorage"

// Service names the policy language behind the endpoint: the `service`
// setting.
type Service string

const (
	// AWS is AWS's policy language, which Wasabi and Ceph RGW take too:
	// every action of every permission.
	AWS Service = "aws"
	// SeaweedFS is SeaweedFS's: a subset of the actions, mapped onto its
	// coarser rights.
	SeaweedFS Service = "seaweedfs"
)

// Services are the values of the `service` setting.
var Services = []string{string(AWS), string(SeaweedFS)}

// SeaweedFSUnknownActions are the permission and account actions the
// pinned SeaweedFS answers "not a valid action" to (its policy language
// maps each action it knows onto a coarser right, and knows no other; a
// test keeps this list honest). The backend leaves them out there.
var SeaweedFSUnknownActions = []string{
	"s3:CreateBucket",
	"s3:DeleteBucketWebsite",
	"s3:DeleteReplicationConfiguration",
	"s3:GetBucketCORS",
	"s3:GetBucketLogging",
	"s3:GetBucketWebsite",
	"s3:GetLifecycleConfiguration",
	"s3:GetObjectTorrent",
	"s3:GetObjectVersionTorrent",
	"s3:GetReplicationConfiguration",
	"s3:PutBucketCORS",
	"s3:PutBucketLogging",
	"s3:PutBucketWebsite",
	"s3:PutLifecycleConfiguration",
	"s3:PutReplicationConfiguration",
	"s3:RestoreObject",
}

// SeaweedFSWideningReadActions are read_only actions SeaweedFS knows but
// grants only together with writes: s3:GetBucketTagging is its Tagging
// right, which also puts and deletes tags. read_only leaves them out there;
// read_write, which may write tags anyway, keeps them.
var SeaweedFSWideningReadActions = []string{"s3:GetBucketTagging"}

// languageOf returns a service's policy language. SeaweedFS gets no
// account-wide statement: s3:ListAllMyBuckets on every bucket is its List
// right on every bucket, which would let a limited key list any bucket's
// objects.
func languageOf(s Service) s3policy.Language {
	if s == SeaweedFS {
		return s3policy.Language{Actions: seaweedFSActions}
	}
	return s3policy.Language{Actions: awsActions, Account: backend.AccountActions}
}

func awsActions(p backend.Permission) ([]string, error) {
	actions, err := p.Actions()
	slices.Sort(actions)
	return actions, err
}

func seaweedFSActions(p backend.Permission) ([]string, error) {
	actions, err := p.Actions()
	if err != nil {
		return nil, err
	}
	actions = slices.DeleteFunc(actions, func(a string) bool {
		return slices.Contains(SeaweedFSUnknownActions, a) ||
			p == backend.ReadOnly && slices.Contains(SeaweedFSWideningReadActions, a)
	})
	slices.Sort(actions)
	return actions, nil
}
