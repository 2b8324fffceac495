package garage

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// capabilities: a Garage key's name, flags and expiration change in place;
// the admin API shows its secret again and takes the id and secret the
// caller chooses (ImportKey); it has no switch to turn a key off, and it
// says when a key was made.
var capabilities = backend.Capabilities{
	BucketScoping:         true,
	GrantsMutable:         true,
	RenameInPlace:         true,
	SecretReadable:        true,
	CallerChosenAccessKey: true,
	Expiry:                true,
	ReportsCreation:       true,
	// A key reaches only the buckets it is allowed on.
	LimitedOnly: true,
}

// Kind is the Garage backend as the provider offers it.
var Kind = backend.Kind{
	Name:  "garage",
	Title: "Garage",
	Description: "Manage keys through Garage's admin API (v2). Each key is a Garage key whose id carries the provider's " +
		"mark; its grants are its `read` and `write` flags on each bucket, named by the bucket's global alias.",
	KeyObject:    "Garage key",
	KeyID:        "the access key id (`GK` and 24 hex digits)",
	KeyName:      "the Garage key's name",
	Capabilities: capabilities,
	Settings: []backend.Setting{
		{Name: "endpoint", Title: "Endpoint", Env: "GARAGE_ADMIN_ENDPOINT", Need: "the admin API's URL",
			Description: "The admin API's scheme, host and port (Garage's `[admin] api_bind_addr`), such as " +
				"`http://garage.example.com:3903`."},
		{Name: "admin_token", Title: "Admin Token", Env: "GARAGE_ADMIN_TOKEN", Sensitive: true, Need: "an admin token",
			Description: "The `admin_token` of Garage's configuration, or a token made with `CreateAdminToken` whose scope holds " +
				"the key and bucket operations the provider calls."},
	},
	Open: open,
}

func open(s backend.Settings) backend.Driver {
	endpoint := strings.TrimRight(s.String("endpoint"), "/")
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" {
		s.Error("endpoint", "Invalid Garage Endpoint", fmt.Sprintf("garage.endpoint is %q; it takes the admin API's http or https "+
			"URL without a path, such as http://garage.example.com:3903.", endpoint))
		return nil
	}
	return New(Config{Endpoint: endpoint, Token: s.String("admin_token"), UserAgent: backend.UserAgent(s)})
}
