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
// environment variables that select it when no block is given, and how to
// build the backend from the block and the environment.
type backendBlock struct {
	name         string
	selectingEnv string
	schema       func() schema.Block
	configure    func(ctx context.Context, block types.Object, version string) (backend.Backend, diag.Diagnostics)
}

var backendBlocks = []backendBlock{
	{name: "minio", selectingEnv: "MINIO_ENDPOINT", schema: minioBlockSchema, configure: configureMinIO},
	{name: "linode", selectingEnv: "LINODE_TOKEN", schema: linodeBlockSchema, configure: configureLinode},
	{name: "glesys", selectingEnv: "GLESYS_USERID", schema: glesysBlockSchema, configure: configureGleSYS},
}

// configureBackend picks the one configured backend block, or the one
// backend whose variables the environment sets, and builds it.
func configureBackend(ctx context.Context, config tfsdk.Config, version string) (backend.Backend, diag.Diagnostics) {
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
	return b.configure(ctx, blocks[b.name], version)
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

// setting is a string from the block when set there, else from env.
func setting(block types.Object, at path.Path, env string, diags *diag.Diagnostics) string {
	v, ok := blockAttribute(block, at).(basetypes.StringValue)
	if ok && v.IsUnknown() {
		diags.AddAttributeError(at, "Unknown Provider Setting",
			fmt.Sprintf("%s must be known when Terraform plans: use a literal, a variable or %s instead of another resource's attribute.", at, env))
		return ""
	}
	if ok && !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

func boolSetting(block types.Object, at path.Path, env string, diags *diag.Diagnostics) bool {
	if v, ok := blockAttribute(block, at).(basetypes.BoolValue); ok && !v.IsNull() && !v.IsUnknown() {
		return v.ValueBool()
	}
	raw := os.Getenv(env)
	if raw == "" {
		return false
	}
	b, err := strconv.ParseBool(raw)
	if err != nil {
		diags.AddAttributeError(at, "Invalid Environment Variable",
			fmt.Sprintf("%s is %q; allowed values are true and false (or 1 and 0).", env, raw))
	}
	return b
}

// blockAttribute is the attribute at (block.attribute) of a backend block.
func blockAttribute(block types.Object, at path.Path) attr.Value {
	if block.IsNull() || block.IsUnknown() {
		return nil
	}
	steps := at.Steps()
	name, _ := steps[len(steps)-1].(path.PathStepAttributeName)
	return block.Attributes()[string(name)]
}

// requireSetting reports a setting given neither in the block nor in the
// environment.
func requireSetting(diags *diag.Diagnostics, at path.Path, value, summary, need, env string) {
	if value == "" {
		diags.AddAttributeError(at, summary,
			fmt.Sprintf("The backend needs %s: set %s in the provider block or the %s environment variable.", need, at, env))
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
		},
	}
}

func configureMinIO(_ context.Context, block types.Object, version string) (backend.Backend, diag.Diagnostics) {
	var diags diag.Diagnostics
	at := path.Root("minio")
	cfg := minio.Config{
		Endpoint:   setting(block, at.AtName("endpoint"), "MINIO_ENDPOINT", &diags),
		User:       setting(block, at.AtName("user"), "MINIO_USER", &diags),
		Password:   setting(block, at.AtName("password"), "MINIO_PASSWORD", &diags),
		SSL:        boolSetting(block, at.AtName("ssl"), "MINIO_ENABLE_HTTPS", &diags),
		AppName:    "terraform-provider-objectstorage",
		AppVersion: version,
	}
	requireSetting(&diags, at.AtName("endpoint"), cfg.Endpoint, "Missing MinIO Endpoint", "the server's host:port", "MINIO_ENDPOINT")
	requireSetting(&diags, at.AtName("user"), cfg.User, "Missing MinIO User", "an admin user's name", "MINIO_USER")
	requireSetting(&diags, at.AtName("password"), cfg.Password, "Missing MinIO Password", "the admin user's password", "MINIO_PASSWORD")
	if diags.HasError() {
		return nil, diags
	}
	b, err := minio.New(cfg)
	if err != nil {
		diags.AddAttributeError(at.AtName("endpoint"), "Invalid MinIO Endpoint",
			"The provider could not set up a MinIO admin client; endpoint must be host:port without a scheme. "+err.Error())
		return nil, diags
	}
	return b, diags
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

func configureLinode(_ context.Context, block types.Object, version string) (backend.Backend, diag.Diagnostics) {
	var diags diag.Diagnostics
	at := path.Root("linode")
	cfg := linode.Config{
		Token:      setting(block, at.AtName("token"), "LINODE_TOKEN", &diags),
		URL:        setting(block, at.AtName("url"), "LINODE_URL", &diags),
		APIVersion: setting(block, at.AtName("api_version"), "LINODE_API_VERSION", &diags),
		UserAgent:  userAgent(version),
	}
	cfg.URL = urlSetting(&diags, at.AtName("url"), cfg.URL, "https://api.linode.com")
	if cfg.APIVersion == "" {
		cfg.APIVersion = "v4"
	}
	requireSetting(&diags, at.AtName("token"), cfg.Token, "Missing Linode Token", "a Linode API token with the object_storage:read_write scope", "LINODE_TOKEN")
	if diags.HasError() {
		return nil, diags
	}
	return linode.New(cfg), diags
}

// urlSetting is an API's base URL: value, or the service's own when empty;
// anything but a scheme and host is reported.
func urlSetting(diags *diag.Diagnostics, at path.Path, value, service string) string {
	if value == "" {
		return service
	}
	if u, err := url.Parse(value); err != nil || u.Scheme == "" || u.Host == "" {
		diags.AddAttributeError(at, "Invalid API URL", fmt.Sprintf("%q is not a scheme and host such as %s.", value, service))
	}
	return value
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

func configureGleSYS(_ context.Context, block types.Object, version string) (backend.Backend, diag.Diagnostics) {
	var diags diag.Diagnostics
	at := path.Root("glesys")
	cfg := glesys.Config{
		Project:   setting(block, at.AtName("project"), "GLESYS_USERID", &diags),
		Token:     setting(block, at.AtName("token"), "GLESYS_TOKEN", &diags),
		URL:       setting(block, at.AtName("url"), "GLESYS_API_URL", &diags),
		UserAgent: userAgent(version),
	}
	cfg.URL = urlSetting(&diags, at.AtName("url"), cfg.URL, "https://api.glesys.com")
	requireSetting(&diags, at.AtName("project"), cfg.Project, "Missing GleSYS Project", "the project id (such as CL12345)", "GLESYS_USERID")
	requireSetting(&diags, at.AtName("token"), cfg.Token, "Missing GleSYS Token", "an API key that may call the objectstorage functions", "GLESYS_TOKEN")
	if diags.HasError() {
		return nil, diags
	}
	return glesys.New(cfg), diags
}

func quotedList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, " and ")
}
