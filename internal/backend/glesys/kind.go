package glesys

import (
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// capabilities: no bucket scoping, no rename (a new description is a new
// credential), the secret readable again, keys grouped by instance.
var capabilities = backend.Capabilities{
	SecretReadable: true,
	InstanceScoped: true,
	// Instance details give each credential's "created".
	ReportsCreation: true,
}

// Kind is the GleSYS backend as the provider offers it.
var Kind = backend.Kind{
	Name:  "glesys",
	Title: "GleSYS",
	Description: "Manage GleSYS object-storage credentials: the keys of an instance (`instance_id`), each reaching every " +
		"bucket of its instance. A key's name is the credential's description.",
	KeyObject:    "credential of an instance",
	KeyID:        "`INSTANCE_ID/CREDENTIAL_ID`",
	KeyName:      "a GleSYS description",
	Capabilities: capabilities,
	Settings: []backend.Setting{
		{Name: "project", Title: "Project", Env: "GLESYS_USERID", Need: "the project id (such as CL12345)",
			Description: "The project id, such as `CL12345`."},
		{Name: "token", Title: "Token", Env: "GLESYS_TOKEN", Sensitive: true, Need: "an API key that may call the objectstorage functions",
			Description: "An API key."},
		{Name: "url", Title: "URL", Env: "GLESYS_API_URL", Default: "https://api.glesys.com", Description: "The API's URL."},
	},
	Open: func(s backend.Settings) backend.Driver {
		return New(Config{
			Project:   s.String("project"),
			Token:     s.String("token"),
			URL:       httpapi.BaseURL(s, "url"),
			UserAgent: backend.UserAgent(s),
		})
	},
	MoveSources: []backend.MoveSource{
		{Provider: "glesys/glesys", Type: "glesys_objectstorage_credential", Decode: decodePeerCredential},
	},
}
