package linode

import (
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// capabilities: label and regions change in place, grants only by
// replacement; every grant names its region; the secret is shown once.
var capabilities = backend.Capabilities{
	BucketScoping: true,
	RenameInPlace: true,
	GrantRegions:  true,
	KeyRegions:    true,
}

// Kind is the Linode backend as the provider offers it.
var Kind = backend.Kind{
	Name:         "linode",
	Title:        "Linode",
	Description:  "Manage Linode Object Storage keys through Linode API v4. A key's name is its label.",
	KeyObject:    "Object Storage key",
	KeyID:        "the numeric id",
	KeyName:      "a Linode label (3 to 50 characters)",
	Capabilities: capabilities,
	Settings: []backend.Setting{
		{Name: "token", Title: "Token", Env: "LINODE_TOKEN", Sensitive: true,
			Need: "a Linode API token with the object_storage:read_write scope", Description: "A Linode API token."},
		{Name: "url", Title: "URL", Env: "LINODE_URL", Default: "https://api.linode.com", Description: "The API's scheme and host."},
		{Name: "api_version", Title: "API Version", Env: "LINODE_API_VERSION", Default: "v4", Description: "The API version."},
	},
	Open: func(s backend.Settings) backend.Driver {
		return New(Config{
			Token:      s.String("token"),
			URL:        httpapi.BaseURL(s, "url"),
			APIVersion: s.String("api_version"),
			UserAgent:  backend.UserAgent(s),
		})
	},
	MoveSources: []backend.MoveSource{
		{Provider: "linode/linode", Type: "linode_object_storage_key", Decode: decodePeerKey},
	},
}
