package gcs

import (
	"fmt"
	"net/url"
	"regexp"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// capabilities: a key's bindings, its account's display name and its HMAC
// key's state change in place; Google chooses the access id, shows the
// secret once and says when it made the key. Every key is an account of
// its own bound on buckets: there is no per-key way to reach every bucket
// with these APIs (that takes a project binding), so an unrestricted key
// is refused at plan time.
var capabilities = backend.Capabilities{
	BucketScoping:   true,
	GrantsMutable:   true,
	RenameInPlace:   true,
	Disable:         true,
	ReportsCreation: true,
	LimitedOnly:     true,
}

// Default base URLs of the two APIs, as Google's clients take them.
const (
	DefaultStorageURL = "https://storage.googleapis.com/storage/v1/"
	DefaultIAMURL     = "https://iam.googleapis.com/"
)

// DefaultAccountPrefix begins the id of every service account the provider
// makes.
const DefaultAccountPrefix = "objectstorage-"

// Kind is the Google Cloud Storage backend as the provider offers it.
var Kind = backend.Kind{
	Name:  "gcs",
	Title: "Google Cloud Storage",
	Description: "Manage Cloud Storage HMAC keys, each of a service account the provider makes for it: the access key is the " +
		"HMAC key's access id, and grants are the account's bindings on the buckets' IAM policies.",
	KeyObject:    "HMAC key of a service account made for it, bound on each granted bucket",
	KeyID:        "the HMAC key's access id (61 characters, beginning with GOOG)",
	KeyName:      "the service account's display name (1 to 100 bytes)",
	Capabilities: capabilities,
	Settings: []backend.Setting{
		{Name: "project", Title: "Project", Env: "GOOGLE_CLOUD_PROJECT", Need: "the project's id",
			Description: "The project that holds the buckets, the service accounts and their HMAC keys."},
		{Name: "credentials", Title: "Credentials", Env: "GOOGLE_CREDENTIALS", AlsoEnv: "GOOGLE_APPLICATION_CREDENTIALS", Sensitive: true,
			Description: "A credentials file of Google's (a service account key, authorized user or workload identity " +
				"configuration), as JSON or as the path of the file. Without it and `access_token`, application default credentials."},
		{Name: "access_token", Title: "Access Token", Env: "GOOGLE_OAUTH_ACCESS_TOKEN", Sensitive: true,
			Description: "An OAuth 2.0 access token, used instead of `credentials`; it is not refreshed."},
		{Name: "service_account_prefix", Title: "Service Account Prefix", Env: "GCS_SERVICE_ACCOUNT_PREFIX", Default: DefaultAccountPrefix,
			Description: "Begins the id of every service account the provider makes: a lowercase letter, then up to 19 lowercase " +
				"letters, digits and hyphens."},
		{Name: "storage_url", Title: "Storage URL", Env: "GCS_STORAGE_URL", Default: DefaultStorageURL,
			Description: "The Cloud Storage JSON API's base URL, `/storage/v1/` included."},
		{Name: "iam_url", Title: "IAM URL", Env: "GCS_IAM_URL", Default: DefaultIAMURL,
			Description: "The IAM API's base URL."},
	},
	Open: open,
	MoveSources: []backend.MoveSource{
		{Provider: "hashicorp/google", Type: "google_storage_hmac_key", SecretAttribute: "secret", Decode: decodeHMACKey},
	},
}

// prefixPattern is a service_account_prefix: an account id begins with a
// letter, and the prefix leaves room for the random part (accountIDs).
var prefixPattern = regexp.MustCompile(`^[a-z][-a-z0-9]{0,19}$`)

// projectPattern is a project id.
var projectPattern = regexp.MustCompile(`^[a-z][-a-z0-9]{4,28}[a-z0-9]$`)

func open(s backend.Settings) backend.Driver {
	cfg := Config{Project: s.String("project"), AccountPrefix: s.String("service_account_prefix"),
		StorageURL: s.String("storage_url"), IAMURL: s.String("iam_url"), UserAgent: backend.UserAgent(s)}
	failed := false
	if !projectPattern.MatchString(cfg.Project) {
		s.Error("project", "Invalid Google Cloud Project", fmt.Sprintf("gcs.project is %q; a project id is 6 to 30 lowercase "+
			"letters, digits and hyphens, beginning with a letter.", cfg.Project))
		failed = true
	}
	if !prefixPattern.MatchString(cfg.AccountPrefix) {
		s.Error("service_account_prefix", "Invalid Service Account Prefix", fmt.Sprintf("gcs.service_account_prefix is %q; "+
			"it takes a lowercase letter, then up to 19 lowercase letters, digits and hyphens.", cfg.AccountPrefix))
		failed = true
	}
	for _, name := range []string{"storage_url", "iam_url"} {
		if u, err := url.Parse(s.String(name)); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			s.Error(name, "Invalid API URL", fmt.Sprintf("gcs.%s is %q; it takes the API's http or https base URL, such as %s.",
				name, s.String(name), s.Default(name)))
			failed = true
		}
	}
	if failed {
		return nil
	}
	source, err := TokenSource(s.String("credentials"), s.String("access_token"))
	if err != nil {
		s.Error("credentials", "Invalid Google Credentials", err.Error())
		return nil
	}
	cfg.Token = source
	return New(cfg)
}
