package backend

import "os"

// Kind is a backend as the provider offers it: the provider block that
// selects it, the settings of that block, its row of the capability table,
// and how to open its driver. Each backend package declares its Kind once;
// the provider's schema, environment fallback, choice of backend and
// documentation are built from the list of kinds.
type Kind struct {
	// Name is the provider block's name, such as "minio".
	Name string
	// Title is the service's name in messages and docs, such as "MinIO".
	Title string
	// Description is the provider block's description (Markdown).
	Description string
	// KeyObject is what a key is on the service, for the docs.
	KeyObject string
	// KeyID is what a key's id is on the service, for the docs: "the
	// numeric id".
	KeyID string
	// KeyName is what a key's name is on the service and the rules it
	// follows, for the docs: "a Linode label (3 to 50 characters)".
	KeyName string
	// Capabilities is the driver's row of the capability table.
	Capabilities Capabilities
	// Settings are the block's attributes. The first one's environment
	// variable selects this backend when no block is configured.
	Settings []Setting
	// Open builds the driver from the settings, reporting what is wrong
	// with them through s; it returns nil when it reported an error.
	Open func(s Settings) Driver
	// MoveSources are the other providers' resource types whose keys can
	// move onto this backend, in the order the docs list them.
	MoveSources []MoveSource
}

// Setting is one attribute of a backend's provider block.
type Setting struct {
	Name string
	// Title names the setting in summaries, such as "Endpoint".
	Title string
	// Env is the environment variable read when the block leaves the
	// setting out.
	Env string
	// AlsoEnv, when set, is read when Env is not: another name the
	// service's own tools read the setting from.
	AlsoEnv string
	// Description says what the setting is (Markdown); the default and
	// the environment variable are added to it.
	Description string
	Sensitive   bool
	Bool        bool
	// Default is the value when neither the block nor the environment
	// sets one.
	Default string
	// Need, when set, makes the setting required and says what it holds,
	// for the error when it is missing ("an admin user's name").
	Need string
}

// FromEnv is the setting's value in the environment: Env, else AlsoEnv;
// empty when neither is set.
func (s Setting) FromEnv() string {
	if v := os.Getenv(s.Env); v != "" || s.AlsoEnv == "" {
		return v
	}
	return os.Getenv(s.AlsoEnv)
}

// EnvNames names the setting's environment variables as the docs and
// errors do: "`A`", or "`A` (or `B`)".
func (s Setting) EnvNames() string {
	if s.AlsoEnv == "" {
		return "`" + s.Env + "`"
	}
	return "`" + s.Env + "` (or `" + s.AlsoEnv + "`)"
}

// Settings are a backend block's values as Open reads them: each from the
// block when set there, else from its environment variable, else its
// default.
type Settings interface {
	String(name string) string
	Bool(name string) bool
	// Default is the setting's default.
	Default(name string) string
	// ProviderVersion is the provider's version, for user agents.
	ProviderVersion() string
	// Error and Warn report a problem with a setting.
	Error(name, summary, detail string)
	Warn(name, summary, detail string)
}

// UserAgent names the provider and its version to a service.
func UserAgent(s Settings) string {
	return "terraform-provider-objectstorage/" + s.ProviderVersion()
}
