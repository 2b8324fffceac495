package ceph

import (
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// capabilities: a key is an RGW user of its own, so its grants (one inline
// policy), its name (the display name) and whether it is suspended change
// in place; the admin API shows secrets again and takes the access key and
// secret the caller chooses; there is no expiry, and no creation time.
var capabilities = backend.Capabilities{
	BucketScoping:         true,
	GrantsMutable:         true,
	RenameInPlace:         true,
	SecretReadable:        true,
	CallerChosenAccessKey: true,
	Disable:               true,
	CallerChosenSecret:    true,
}

// DefaultUserPrefix begins the uid of every user the backend makes.
const DefaultUserPrefix = "objectstorage-"

// Kind is the Ceph RGW backend as the provider offers it.
var Kind = backend.Kind{
	Name:  "ceph",
	Title: "Ceph RGW",
	Description: "Manage keys on Ceph's RADOS Gateway through its admin ops API and IAM user policies. Each key is an RGW " +
		"user of its own, uid `user_prefix` and the access key, holding that one S3 key and one inline user policy with its " +
		"grants; the key's `name` is the user's display name.",
	KeyObject:    "RGW user with one S3 key and one inline user policy",
	KeyID:        "the access key",
	KeyName:      "the user's display name (1 to 128 characters)",
	Capabilities: capabilities,
	Settings: []backend.Setting{
		{Name: "endpoint", Title: "Endpoint", Env: "CEPH_RGW_ENDPOINT", Need: "the gateway's URL",
			Description: "The RADOS Gateway's URL, such as `http://rgw.example.com:7480`: its S3 port, which serves the admin API too."},
		{Name: "access_key", Title: "Access Key", Env: "CEPH_RGW_ACCESS_KEY", Need: "an admin user's access key",
			Description: "The access key of an RGW user with the admin caps `" + NeededCaps + "`."},
		{Name: "secret_key", Title: "Secret Key", Env: "CEPH_RGW_SECRET_KEY", Sensitive: true, Need: "the admin user's secret key",
			Description: "That user's secret key."},
		{Name: "user_prefix", Title: "User Prefix", Env: "CEPH_RGW_USER_PREFIX", Default: DefaultUserPrefix,
			Description: "The start of every uid the backend makes (1 to 40 letters, digits and `_.-`). It marks the users this " +
				"provider manages; it never reads, changes or deletes another. Give two provider configurations on one gateway " +
				"different prefixes."},
		{Name: "ca_file", Title: "CA File", Env: "CEPH_RGW_CA_FILE",
			Description: "A PEM file of CA certificates to trust besides the system's, for a gateway whose certificate a private CA " +
				"signed. Used with an `https` endpoint."},
		{Name: "insecure", Title: "Insecure", Env: "CEPH_RGW_INSECURE", Bool: true, Default: "false",
			Description: "Skip the verification of the gateway's certificate, for tests only: anyone between the provider and the " +
				"gateway could read the admin secret and every key's secret. A warning says so at every run."},
	},
	Open: open,
}

// userPrefixPattern is what the backend allows in a uid prefix: RGW takes
// more, but a tenant's `$` or a `:` would change what the uid means.
var userPrefixPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,40}$`)

func open(s backend.Settings) backend.Driver {
	cfg := Config{
		Endpoint:   strings.TrimRight(s.String("endpoint"), "/"),
		AccessKey:  s.String("access_key"),
		SecretKey:  s.String("secret_key"),
		UserPrefix: s.String("user_prefix"),
		TLS:        httpapi.TLS{Insecure: s.Bool("insecure")},
		UserAgent:  backend.UserAgent(s),
	}
	failed := false
	fail := func(name, summary, detail string) {
		s.Error(name, summary, detail)
		failed = true
	}
	u, err := url.Parse(cfg.Endpoint)
	https := err == nil && u.Scheme == "https"
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" {
		fail("endpoint", "Invalid Ceph RGW Endpoint", fmt.Sprintf("ceph.endpoint is %q; it takes the gateway's http or https URL "+
			"without a path, such as http://rgw.example.com:7480.", cfg.Endpoint))
	}
	if !userPrefixPattern.MatchString(cfg.UserPrefix) {
		fail("user_prefix", "Invalid Ceph RGW User Prefix", fmt.Sprintf("ceph.user_prefix is %q; it takes 1 to 40 letters, digits "+
			"and _.- .", cfg.UserPrefix))
	}
	if caFile := s.String("ca_file"); caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			fail("ca_file", "Unreadable CA File", fmt.Sprintf("The provider cannot read the CA file: %v.", err))
		}
		cfg.TLS.CAPEM = pem
	}
	if (cfg.TLS.Insecure || len(cfg.TLS.CAPEM) > 0) && !https && !failed {
		s.Warn("endpoint", "TLS Settings Without TLS",
			"ceph.ca_file and ceph.insecure apply to an https endpoint only, but ceph.endpoint is http: they have no effect.")
	}
	if cfg.TLS.Insecure && https {
		s.Warn("insecure", "Certificate Verification Disabled",
			"ceph.insecure is true: the provider does not verify the gateway's certificate, so anyone between it and the gateway "+
				"could read the admin secret and every key's secret. Use it for tests only; trust a private CA with ceph.ca_file instead.")
	}
	if failed {
		return nil
	}
	b, err := New(cfg)
	if err != nil {
		s.Error("ca_file", "Invalid CA File", "ceph.ca_file must hold PEM certificates: "+err.Error())
		return nil
	}
	return b
}
