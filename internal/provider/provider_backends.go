package provider

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
)

// backendBlock is one row of the provider's backend table: its block, the
// environment variables of its settings (the first selects the backend
// when no block is given), and how to build the backend from its settings.
type backendBlock struct {
	name         string
	selectingEnv string
	env          map[string]string // setting → environment variable
	schema       func() schema.Block
	// configure builds the backend, reporting problems in settings.diags;
	// nil when there are any.
	configure func(settings blockSettings, version string) backend.Driver
}

var backendBlocks = []backendBlock{
	{name: "minio", selectingEnv: "MINIO_ENDPOINT", schema: minioBlockSchema, configure: configureMinIO, env: map[string]string{
		"endpoint": "MINIO_ENDPOINT", "user": "MINIO_USER", "password": "MINIO_PASSWORD", "ssl": "MINIO_ENABLE_HTTPS",
		"ca_file": "MINIO_CACERT_FILE", "insecure": "MINIO_INSECURE",
	}},
	{name: "linode", selectingEnv: "LINODE_TOKEN", schema: linodeBlockSchema, configure: configureLinode, env: map[string]string{
		"token": "LINODE_TOKEN", "url": "LINODE_URL", "api_version": "LINODE_API_VERSION",
	}},
	{name: "glesys", selectingEnv: "GLESYS_USERID", schema: glesysBlockSchema, configure: configureGleSYS, env: map[string]string{
		"project": "GLESYS_USERID", "token": "GLESYS_TOKEN", "url": "GLESYS_API_URL",
	}},
}

// configureBackend picks the one configured backend block, or the one
// backend whose variables the environment sets, and builds it.
func configureBackend(ctx context.Context, config tfsdk.Config, version string) (backend.Driver, diag.Diagnostics) {
	var diags diag.Diagnostics
	var chosen []backendBlock
	blocks := map[string]types.Object{}
	for _, b := range backendBlocks {
		var block types.Object
		diags.Append(config.GetAttribute(ctx, path.Root(b.name), &block)...)
		blocks[b.name] = block
		if !block.IsNull() {
			chosen = append(chosen, b)
		}
	}
	if diags.HasError() {
		return nil, diags
	}
	if len(chosen) == 0 {
		for _, b := range backendBlocks {
			if os.Getenv(b.selectingEnv) != "" {
				chosen = append(chosen, b)
			}
		}
		if len(chosen) != 1 {
			diags.AddError("No Backend Configured", noBackendDetail(chosen))
			return nil, diags
		}
	}
	if len(chosen) > 1 {
		// ValidateConfig reports this with the block names.
		return nil, diags
	}
	b := chosen[0]
	settings := blockSettings{name: b.name, block: blocks[b.name], env: b.env, diags: &diags}
	if settings.unknown() {
		return nil, diags
	}
	return b.configure(settings, version), diags
}

func noBackendDetail(fromEnv []backendBlock) string {
	var choices []string
	for _, b := range backendBlocks {
		choices = append(choices, fmt.Sprintf("a %q block (or %s in the environment)", b.name, b.selectingEnv))
	}
	detail := "The provider needs exactly one backend: " + strings.Join(choices, ", ") + "."
	if len(fromEnv) > 1 {
		var names []string
		for _, b := range fromEnv {
			names = append(names, b.selectingEnv)
		}
		detail += " The environment sets " + strings.Join(names, " and ") + ", so it does not say which one: add the block of the one to use."
	}
	return detail
}

// blockSettings reads a backend block's settings: each from the block
// when set there, else from its environment variable.
type blockSettings struct {
	name  string
	block types.Object
	env   map[string]string
	diags *diag.Diagnostics
}

func (s blockSettings) path(setting string) path.Path { return path.Root(s.name).AtName(setting) }

// unknown reports the settings whose value Terraform does not know yet
// (they depend on a resource not created yet). Such a setting is never
// replaced by its environment variable or its default: the provider would
// then plan against another service than the one meant.
func (s blockSettings) unknown() bool {
	found := false
	if s.block.IsUnknown() {
		s.diags.AddAttributeError(path.Root(s.name), "Unknown Provider Settings",
			fmt.Sprintf("The %s block is not known when Terraform plans. Give the provider's settings as literals, variables or "+
				"environment variables, or apply what they depend on first with terraform apply -target=...", s.name))
		return true
	}
	for setting, value := range s.attributes() {
		if !value.IsUnknown() {
			continue
		}
		found = true
		s.diags.AddAttributeError(s.path(setting), "Unknown Provider Setting",
			fmt.Sprintf("%s.%s depends on a value Terraform knows only after apply, such as another resource's attribute, but "+
				"the provider needs it to plan. Give it as a literal, a variable or the %s environment variable, or apply what it "+
				"depends on first with terraform apply -target=...", s.name, setting, s.env[setting]))
	}
	return found
}

func (s blockSettings) attributes() map[string]attr.Value {
	if s.block.IsNull() || s.block.IsUnknown() {
		return nil
	}
	return s.block.Attributes()
}

// str is a string setting.
func (s blockSettings) str(setting string) string {
	if v, ok := s.attributes()[setting].(basetypes.StringValue); ok && !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(s.env[setting])
}

// boolean is a bool setting; false when set nowhere.
func (s blockSettings) boolean(setting string) bool {
	if v, ok := s.attributes()[setting].(basetypes.BoolValue); ok && !v.IsNull() {
		return v.ValueBool()
	}
	raw := os.Getenv(s.env[setting])
	if raw == "" {
		return false
	}
	b, err := strconv.ParseBool(raw)
	if err != nil {
		s.diags.AddAttributeError(s.path(setting), "Invalid Environment Variable",
			fmt.Sprintf("%s is %q; allowed values are true and false (or 1 and 0).", s.env[setting], raw))
	}
	return b
}

// require reports a setting given neither in the block nor in the
// environment.
func (s blockSettings) require(setting, value, summary, need string) {
	if value == "" {
		s.diags.AddAttributeError(s.path(setting), summary,
			fmt.Sprintf("The backend needs %s: set %s.%s in the provider block or the %s environment variable.", need, s.name, setting, s.env[setting]))
	}
}

func minioBlockSchema() schema.Block {
	return schema.SingleNestedBlock{
		MarkdownDescription: "Manage keys as service accounts of a MinIO admin user, through MinIO's admin API. " +
			"Grants live in each service account's embedded policy and change in place.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The MinIO server as `host:port`, without a scheme. Environment variable `MINIO_ENDPOINT`.",
			},
			"user": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "An admin user that may manage service accounts; the keys are its service accounts. Environment variable `MINIO_USER`.",
			},
			"password": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "The admin user's password (secret key). Environment variable `MINIO_PASSWORD`.",
			},
			"ssl": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Use HTTPS. Defaults to `false`. Environment variable `MINIO_ENABLE_HTTPS`.",
			},
			"ca_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A PEM file of CA certificates to trust besides the system's, for a server whose certificate a " +
					"private CA signed. Used with `ssl = true`. Environment variable `MINIO_CACERT_FILE`.",
			},
			"insecure": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Skip the verification of the server's certificate, for tests only: anyone between the provider " +
					"and the server could read the admin password and every new key's secret. A warning says so at every run. " +
					"Defaults to `false`. Environment variable `MINIO_INSECURE`.",
			},
		},
	}
}

func configureMinIO(settings blockSettings, version string) backend.Driver {
	diags := settings.diags
	cfg := minio.Config{
		Endpoint:   settings.str("endpoint"),
		User:       settings.str("user"),
		Password:   settings.str("password"),
		SSL:        settings.boolean("ssl"),
		Insecure:   settings.boolean("insecure"),
		AppName:    "terraform-provider-objectstorage",
		AppVersion: version,
	}
	settings.require("endpoint", cfg.Endpoint, "Missing MinIO Endpoint", "the server's host:port")
	settings.require("user", cfg.User, "Missing MinIO User", "an admin user's name")
	settings.require("password", cfg.Password, "Missing MinIO Password", "the admin user's password")
	if caFile := settings.str("ca_file"); caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			diags.AddAttributeError(settings.path("ca_file"), "Unreadable CA File", fmt.Sprintf("The provider cannot read the CA file: %v.", err))
		}
		cfg.CACertPEM = pem
	}
	if (cfg.Insecure || len(cfg.CACertPEM) > 0) && !cfg.SSL {
		diags.AddAttributeWarning(settings.path("ssl"), "TLS Settings Without TLS",
			"minio.ca_file and minio.insecure apply to HTTPS only, but minio.ssl is false: they have no effect.")
	}
	if cfg.Insecure && cfg.SSL {
		diags.AddAttributeWarning(settings.path("insecure"), "Certificate Verification Disabled",
			"minio.insecure is true: the provider does not verify MinIO's certificate, so anyone between it and the server could "+
				"read the admin password and every new key's secret. Use it for tests only; trust a private CA with minio.ca_file instead.")
	}
	if diags.HasError() {
		return nil
	}
	b, err := minio.New(cfg)
	if err != nil {
		diags.AddAttributeError(settings.path("endpoint"), "Invalid MinIO Settings",
			"The provider could not set up a MinIO admin client (endpoint must be host:port without a scheme; ca_file must hold PEM certificates): "+err.Error())
		return nil
	}
	return b
}

func linodeBlockSchema() schema.Block {
	return schema.SingleNestedBlock{
		MarkdownDescription: "Manage Linode Object Storage keys through Linode API v4. Grants are fixed when a key is created: " +
			"a change of `bucket_access` or `limited` replaces the key; `name` (the label) and `regions` change in place.",
		Attributes: map[string]schema.Attribute{
			"token":       schema.StringAttribute{Optional: true, Sensitive: true, MarkdownDescription: "A Linode API token. Environment variable `LINODE_TOKEN`."},
			"url":         schema.StringAttribute{Optional: true, MarkdownDescription: "The API's scheme and host. Defaults to `https://api.linode.com`. Environment variable `LINODE_URL`."},
			"api_version": schema.StringAttribute{Optional: true, MarkdownDescription: "The API version. Defaults to `v4`. Environment variable `LINODE_API_VERSION`."},
		},
	}
}

func configureLinode(settings blockSettings, version string) backend.Driver {
	diags := settings.diags
	cfg := linode.Config{
		Token:      settings.str("token"),
		URL:        settings.str("url"),
		APIVersion: settings.str("api_version"),
		UserAgent:  userAgent(version),
	}
	cfg.URL = urlSetting(diags, settings.path("url"), cfg.URL, "https://api.linode.com")
	if cfg.APIVersion == "" {
		cfg.APIVersion = "v4"
	}
	settings.require("token", cfg.Token, "Missing Linode Token", "a Linode API token with the object_storage:read_write scope")
	if diags.HasError() {
		return nil
	}
	return linode.New(cfg)
}

// urlSetting is an API's base URL: value, or the service's own when empty.
// Anything but an http or https scheme and a host is reported, before any
// request is sent.
func urlSetting(diags *diag.Diagnostics, at path.Path, value, service string) string {
	if value == "" {
		return service
	}
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" {
		diags.AddAttributeError(at, "Invalid API URL", fmt.Sprintf("%q is not an http or https scheme and a host, such as %s, without a path.", value, service))
	}
	return strings.TrimRight(value, "/")
}

// userAgent names the provider and its version to the services.
func userAgent(version string) string {
	return "terraform-provider-objectstorage/" + version
}

func glesysBlockSchema() schema.Block {
	return schema.SingleNestedBlock{
		MarkdownDescription: "Manage GleSYS object-storage credentials: the keys of an instance (`instance_id`), each reaching every " +
			"bucket of its instance. A new `name` (the description) replaces the credential; the secret is read back on import.",
		Attributes: map[string]schema.Attribute{
			"project": schema.StringAttribute{Optional: true, MarkdownDescription: "The project id, such as `CL12345`. Environment variable `GLESYS_USERID`."},
			"token":   schema.StringAttribute{Optional: true, Sensitive: true, MarkdownDescription: "An API key. Environment variable `GLESYS_TOKEN`."},
			"url":     schema.StringAttribute{Optional: true, MarkdownDescription: "The API's URL. Defaults to `https://api.glesys.com`. Environment variable `GLESYS_API_URL`."},
		},
	}
}

func configureGleSYS(settings blockSettings, version string) backend.Driver {
	diags := settings.diags
	cfg := glesys.Config{
		Project:   settings.str("project"),
		Token:     settings.str("token"),
		URL:       settings.str("url"),
		UserAgent: userAgent(version),
	}
	cfg.URL = urlSetting(diags, settings.path("url"), cfg.URL, "https://api.glesys.com")
	settings.require("project", cfg.Project, "Missing GleSYS Project", "the project id (such as CL12345)")
	settings.require("token", cfg.Token, "Missing GleSYS Token", "an API key that may call the objectstorage functions")
	if diags.HasError() {
		return nil
	}
	return glesys.New(cfg)
}

func quotedList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, " and ")
}
