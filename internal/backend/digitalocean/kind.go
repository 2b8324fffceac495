package digitalocean

import (
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// capabilities: the name changes in place, grants only by replacement
// ("you can only update the name of the key"); the service says when it
// made a key, chooses its access key and shows the secret once.
var capabilities = backend.Capabilities{
	BucketScoping:   true,
	RenameInPlace:   true,
	ReportsCreation: true,
}

// Kind is the DigitalOcean backend as the provider offers it.
var Kind = backend.Kind{
	Name:  "digitalocean",
	Title: "DigitalOcean",
	Description: "Manage DigitalOcean Spaces access keys through DigitalOcean API v2. " +
		"An unrestricted key is a full-access key; a limited one has read or readwrite grants on its buckets.",
	KeyObject:    "Spaces access key",
	KeyID:        "the access key",
	KeyName:      "the key's name in DigitalOcean",
	Capabilities: capabilities,
	Settings: []backend.Setting{
		{Name: "token", Title: "Token", Env: "DIGITALOCEAN_TOKEN", AlsoEnv: "DIGITALOCEAN_ACCESS_TOKEN", Sensitive: true,
			Need:        "a DigitalOcean API token with the spaces_key scopes (create_credentials, read, update, delete)",
			Description: "A DigitalOcean API token."},
		{Name: "url", Title: "URL", Env: "DIGITALOCEAN_API_URL", Default: "https://api.digitalocean.com", Description: "The API's scheme and host."},
	},
	Open: func(s backend.Settings) backend.Driver {
		return New(Config{
			Token:     s.String("token"),
			URL:       httpapi.BaseURL(s, "url"),
			UserAgent: backend.UserAgent(s),
		})
	},
	MoveSources: []backend.MoveSource{
		{Provider: "digitalocean/digitalocean", Type: "digitalocean_spaces_key", Decode: decodeSpacesKey},
	},
}
