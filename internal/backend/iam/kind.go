package iam

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// capabilities: a key is an IAM user with one access key and one inline
// policy, so grants and the name change in place and the access key's
// status turns it off and on; the service chooses the access key and shows
// the secret once, and has no expiry.
var capabilities = backend.Capabilities{
	BucketScoping:   true,
	GrantsMutable:   true,
	RenameInPlace:   true,
	Disable:         true,
	ReportsCreation: true,
}

// Defaults of the settings that mark the users the backend manages.
const (
	DefaultPath       = "/objectstorage/"
	DefaultNamePrefix = "objectstorage-"
)

// Kind is the IAM API backend as the provider offers it.
var Kind = backend.Kind{
	Name:  "iam",
	Title: "IAM",
	Description: "Manage keys through the AWS IAM API, on AWS or a service that speaks it (SeaweedFS, Ceph RGW, Wasabi). " +
		"Each key is an IAM user of its own, named `name_prefix` and the access key id, holding the access key and one " +
		"inline policy with its grants; the key's `name` is the user's `objectstorage:name` tag. Credentials come from " +
		"`access_key` and `secret_key` when set, else from the AWS SDK's default chain (environment, shared files with " +
		"`profile`, instance roles).",
	KeyObject:    "IAM user with one access key and one inline policy",
	KeyID:        "the access key id (`USER/ACCESS_KEY_ID` for a key of a user made outside this provider)",
	KeyName:      "an IAM tag value (1 to 128 letters, digits, spaces and `_.:/=+-@`)",
	Capabilities: capabilities,
	Settings: []backend.Setting{
		{Name: "endpoint", Title: "Endpoint", Env: "AWS_ENDPOINT_URL_IAM",
			Description: "The IAM API's URL, such as `http://127.0.0.1:8333` for SeaweedFS. Empty: AWS's own, for the region."},
		{Name: "region", Title: "Region", Env: "AWS_REGION", Default: "us-east-1",
			Description: "The region requests are signed for."},
		{Name: "access_key", Title: "Access Key", Env: "AWS_ACCESS_KEY_ID",
			Description: "The access key of the identity that manages the keys. Empty: the SDK's default credential chain."},
		{Name: "secret_key", Title: "Secret Key", Env: "AWS_SECRET_ACCESS_KEY", Sensitive: true,
			Description: "That identity's secret key, with `access_key`."},
		{Name: "profile", Title: "Profile", Env: "AWS_PROFILE",
			Description: "A profile of the shared AWS configuration files, when `access_key` is not set."},
		{Name: "path", Title: "Path", Env: "OBJECTSTORAGE_IAM_PATH", Default: DefaultPath,
			Description: "The IAM path of the users the backend makes, such as `/objectstorage/`. With `name_prefix` and the " +
				"`objectstorage:path` tag it marks the users this provider manages; it never reads, changes or deletes another. " +
				"Services that ignore paths (SeaweedFS) answer `/`, and the tag then proves the path."},
		{Name: "name_prefix", Title: "Name Prefix", Env: "OBJECTSTORAGE_IAM_NAME_PREFIX", Default: DefaultNamePrefix,
			Description: "The start of every user name the backend makes (at most 30 characters: letters, digits and `+=,.@_-`). " +
				"Give two provider configurations on one account different prefixes."},
		{Name: "service", Title: "Service", Env: "OBJECTSTORAGE_IAM_SERVICE", Default: string(AWS),
			Description: "The policy language behind the endpoint: `aws` (AWS, Wasabi, Ceph RGW) or `seaweedfs`, whose " +
				"language knows fewer S3 actions; the guides list which the grants then leave out."},
	},
	Open: open,
	MoveSources: []backend.MoveSource{
		{Provider: "hashicorp/aws", Type: "aws_iam_access_key", Decode: decodeAWSAccessKey},
	},
}

// namePrefixPattern is what IAM allows in a user name, bounded so that a
// prefix and the longest pending name fit IAM's 64 characters.
var namePrefixPattern = regexp.MustCompile(`^[A-Za-z0-9+=,.@_-]{1,30}$`)

// pathPattern is an IAM path: a slash, or slash-separated names ending in
// a slash.
var pathPattern = regexp.MustCompile(`^/([\x21-\x7e]{1,510}/)?$`)

func open(s backend.Settings) backend.Driver {
	cfg := Config{
		Endpoint:   s.String("endpoint"),
		Region:     s.String("region"),
		AccessKey:  s.String("access_key"),
		SecretKey:  s.String("secret_key"),
		Profile:    s.String("profile"),
		Path:       s.String("path"),
		NamePrefix: s.String("name_prefix"),
		Service:    Service(s.String("service")),
		UserAgent:  backend.UserAgent(s),
	}
	failed := false
	fail := func(name, summary, detail string) {
		s.Error(name, summary, detail)
		failed = true
	}
	if !slices.Contains(Services, string(cfg.Service)) {
		fail("service", "Invalid IAM Service", fmt.Sprintf("iam.service is %q; allowed values are %s.", cfg.Service, strings.Join(quoted(Services), " and ")))
	}
	if !namePrefixPattern.MatchString(cfg.NamePrefix) {
		fail("name_prefix", "Invalid IAM Name Prefix", fmt.Sprintf("iam.name_prefix is %q; it takes 1 to 30 letters, digits and +=,.@_- "+
			"(IAM user names allow no other characters).", cfg.NamePrefix))
	}
	if !pathPattern.MatchString(cfg.Path) {
		fail("path", "Invalid IAM Path", fmt.Sprintf("iam.path is %q; an IAM path begins and ends with /, such as %q.", cfg.Path, DefaultPath))
	}
	if (cfg.AccessKey == "") != (cfg.SecretKey == "") {
		fail("secret_key", "Incomplete IAM Credentials", "iam.access_key and iam.secret_key go together: set both, or neither to use the "+
			"AWS SDK's default credential chain.")
	}
	if failed {
		return nil
	}
	return New(cfg)
}

func quoted(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}
