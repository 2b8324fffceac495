package b2

import (
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// capabilities: a B2 key holds one permission for all the buckets it
// names, and nothing about it changes after creation; its expiry is a
// duration given at creation (up to 1,000 days); its secret is shown once
// and its id is B2's.
var capabilities = backend.Capabilities{
	BucketScoping: true,
	Expiry:        true,
	ExpiryFixed:   true,
	ExpiryWithin:  backend.Lifetimes{Min: time.Minute, Max: 1000 * 24 * time.Hour},
	OnePermission: true,
}

// Kind is the Backblaze B2 backend as the provider offers it.
var Kind = backend.Kind{
	Name:  "b2",
	Title: "Backblaze B2",
	Description: "Manage Backblaze B2 application keys through B2's native API (v4). A key holds one permission for " +
		"all the buckets it names, and every change replaces it.",
	KeyObject:    "application key",
	KeyID:        "the application key id",
	KeyName:      "a B2 key name (1 to 100 letters, digits and `-`)",
	Capabilities: capabilities,
	Settings: []backend.Setting{
		{Name: "application_key_id", Title: "Application Key ID", Env: "B2_APPLICATION_KEY_ID", Need: "an application key id",
			Description: "The id of the application key the provider works with; it needs the capabilities `listKeys`, " +
				"`writeKeys`, `deleteKeys` and `listBuckets`."},
		{Name: "application_key", Title: "Application Key", Env: "B2_APPLICATION_KEY", Sensitive: true, Need: "the application key",
			Description: "That application key (its secret)."},
		{Name: "url", Title: "URL", Env: "B2_URL", Default: "https://api.backblazeb2.com",
			Description: "The scheme and host of the authorization call; every later call goes to the `apiUrl` it answers."},
	},
	MoveSources: []backend.MoveSource{
		{Provider: "Backblaze/b2", Type: "b2_application_key", SecretAttribute: "application_key", Decode: decodeApplicationKey},
	},
	Open: func(s backend.Settings) backend.Driver {
		return New(Config{URL: httpapi.BaseURL(s, "url"), KeyID: s.String("application_key_id"),
			ApplicationKey: s.String("application_key"), UserAgent: backend.UserAgent(s)})
	},
}
