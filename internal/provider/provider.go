// Package provider is the objectstorage Terraform provider: its schema,
// resources and data sources. It talks to object-storage services only
// through the portable layer, backend.Keys, and plans by the capability
// table.
package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

var (
	_ provider.Provider                       = (*objectStorageProvider)(nil)
	_ provider.ProviderWithValidateConfig     = (*objectStorageProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*objectStorageProvider)(nil)
	_ provider.ProviderWithListResources      = (*objectStorageProvider)(nil)
)

// New returns the provider factory for a provider version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &objectStorageProvider{version: version}
	}
}

type objectStorageProvider struct {
	version string
	// kinds, when set, are the backends offered instead of backends.All:
	// the seam through which tests add a backend of their own.
	kinds []backend.Kind
	// driver, when set, is used instead of the configured one, as a
	// backend of kind kind: the seam through which tests run the provider
	// against any capability row.
	driver backend.Driver
	kind   backend.Kind
	// now, when set, is the provider's clock: the seam through which tests
	// move time for expiry and rotation.
	now func() time.Time
}

// offered is the list of backends this provider instance offers.
func (p *objectStorageProvider) offered() []backend.Kind {
	if p.kinds != nil {
		return p.kinds
	}
	return backends.All
}

// providerData is what Configure hands every resource and data source.
type providerData struct {
	// backend is the configured backend's portable layer; its Kind says
	// which backend it is.
	backend *backend.Keys
	// now is the clock that plans expiry and rotation by.
	now func() time.Time
	// locks serialises read-modify-write of one key's grants within this
	// provider process.
	locks *keyLocks
}

func (p *objectStorageProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "objectstorage"
	resp.Version = p.version
}

func (p *objectStorageProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	blocks := map[string]schema.Block{}
	for _, k := range p.offered() {
		blocks[k.Name] = blockSchema(k)
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages object-storage access keys with per-bucket permissions on " + backends.Titles() + ". " +
			"Configure exactly one backend block; with none, the " +
			"backend is taken from the environment when exactly one backend's variables are set.",
		Blocks: blocks,
	}
}

func (p *objectStorageProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var configured []string
	for _, k := range p.offered() {
		var block types.Object
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(k.Name), &block)...)
		if !block.IsNull() {
			configured = append(configured, k.Name)
		}
	}
	if len(configured) > 1 {
		resp.Diagnostics.AddError("Conflicting Backend Blocks",
			"The provider configuration has the blocks "+quotedList(configured)+", but a provider instance manages keys on exactly one "+
				"backend. Keep one block, and use a provider alias for each further backend.")
	}
}

func (p *objectStorageProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	ctx = maskSecrets(ctx)
	kind, d := p.kind, p.driver
	if d == nil {
		var diags diag.Diagnostics
		kind, d, diags = configureBackend(ctx, req.Config, p.version, p.offered())
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() || d == nil {
			return
		}
	}
	tflog.Debug(ctx, "configured object-storage backend", map[string]any{"backend": kind.Name, "capabilities": d.Capabilities()})
	now := p.now
	if now == nil {
		now = time.Now
	}
	data := &providerData{backend: backend.OpenAs(kind, d), now: now, locks: newKeyLocks()}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
}

func (p *objectStorageProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewAccessKeyResource,
		NewBucketAccessResource,
	}
}

// ListResources serve `terraform query` (Terraform 1.14 and later).
func (p *objectStorageProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{NewAccessKeyListResource}
}

func (p *objectStorageProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{NewEphemeralAccessKey}
}

func (p *objectStorageProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewAccessKeyDataSource,
		NewAccessKeysDataSource,
		NewBucketAccessDataSource,
	}
}

// maskSecrets makes every log line written with ctx hide secret fields.
func maskSecrets(ctx context.Context) context.Context {
	return tflog.MaskFieldValuesWithFieldKeys(ctx, "secret_key", "password", "token")
}
