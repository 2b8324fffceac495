package cloudflare

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// capabilities: a token's policies, name, status and expiry change in
// place (PUT keeps its value, so the secret stays); Cloudflare chooses the
// id, shows the value once, and says when a token was issued.
var capabilities = backend.Capabilities{
	BucketScoping:   true,
	GrantsMutable:   true,
	RenameInPlace:   true,
	Disable:         true,
	Expiry:          true,
	ReportsCreation: true,
}

// Jurisdictions are the values of the jurisdiction setting.
var Jurisdictions = []string{"default", "eu", "fedramp"}

// Kind is the Cloudflare R2 backend as the provider offers it.
var Kind = backend.Kind{
	Name:  "cloudflare",
	Title: "Cloudflare R2",
	Description: "Manage R2 access keys as account-owned Cloudflare API tokens: the access key is the token's id, the " +
		"secret the SHA-256 of its value (computed by the provider; the value is never kept). Grants are the token's policies " +
		"of R2 bucket-item permission groups.",
	KeyObject:    "account-owned API token with R2 policies",
	KeyID:        "the token's id",
	KeyName:      "the token's name after `objectstorage: ` (1 to 105 characters)",
	Capabilities: capabilities,
	Settings: []backend.Setting{
		{Name: "api_token", Title: "API Token", Env: "CLOUDFLARE_API_TOKEN", Sensitive: true, Need: "an API token",
			Description: "An API token with the account permission Account API Tokens Write."},
		{Name: "account_id", Title: "Account ID", Env: "CLOUDFLARE_ACCOUNT_ID", Need: "the account's id",
			Description: "The account whose R2 buckets the keys reach, and that owns the tokens."},
		{Name: "jurisdiction", Title: "Jurisdiction", Env: "CLOUDFLARE_R2_JURISDICTION", Default: "default",
			Description: "The jurisdiction of the buckets the keys name: `default`, `eu` or `fedramp`."},
		{Name: "url", Title: "URL", Env: "CLOUDFLARE_API_URL", Default: "https://api.cloudflare.com/client/v4",
			Description: "The API's base, its `/client/v4` path included."},
	},
	Open: open,
	MoveSources: []backend.MoveSource{
		{Provider: "cloudflare/cloudflare", Type: "cloudflare_account_token", SchemaVersions: accountTokenVersions, SecretAttribute: "value",
			SecretOf: secretOf, Decode: decodeAccountToken},
		{Provider: "cloudflare/cloudflare", Type: "cloudflare_api_token", SchemaVersions: accountTokenVersions, Decode: decodeAPIToken},
	},
}

func open(s backend.Settings) backend.Driver {
	cfg := Config{URL: strings.TrimRight(s.String("url"), "/"), Token: s.String("api_token"), AccountID: s.String("account_id"),
		Jurisdiction: s.String("jurisdiction"), UserAgent: backend.UserAgent(s)}
	failed := false
	if !slices.Contains(Jurisdictions, cfg.Jurisdiction) {
		s.Error("jurisdiction", "Invalid R2 Jurisdiction", fmt.Sprintf("cloudflare.jurisdiction is %q; allowed values are "+
			"\"default\", \"eu\" and \"fedramp\".", cfg.Jurisdiction))
		failed = true
	}
	if u, err := url.Parse(cfg.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		s.Error("url", "Invalid API URL", fmt.Sprintf("cloudflare.url is %q; it takes the API's http or https base with its "+
			"path, such as https://api.cloudflare.com/client/v4.", cfg.URL))
		failed = true
	}
	if failed {
		return nil
	}
	return New(cfg)
}
