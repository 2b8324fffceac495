// Command noop is the benchmark's floor for any provider built on
// terraform-plugin-framework: the objectstorage provider's schema (its
// backend blocks, and objectstorage_access_key's attributes and types)
// with no validator, no plan modifier and no call to any service. Create
// and Update copy the plan into state, filling what is computed; Read and
// Delete do nothing. The benchmark builds it and runs the same
// configurations against it as against the real provider.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return noopProvider{} }, providerserver.ServeOpts{
		Address: "registry.terraform.io/hashicorp/objectstorage",
	})
	if err != nil {
		log.Fatal(err)
	}
}

type noopProvider struct{}

func (noopProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "objectstorage"
}

// Schema has the real provider's blocks, built from the same settings.
func (noopProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	blocks := map[string]providerschema.Block{}
	for _, k := range backends.All {
		attributes := map[string]providerschema.Attribute{}
		for _, s := range k.Settings {
			if s.Bool {
				attributes[s.Name] = providerschema.BoolAttribute{Optional: true, Sensitive: s.Sensitive}
			} else {
				attributes[s.Name] = providerschema.StringAttribute{Optional: true, Sensitive: s.Sensitive}
			}
		}
		blocks[k.Name] = providerschema.SingleNestedBlock{Attributes: attributes}
	}
	resp.Schema = providerschema.Schema{Blocks: blocks}
}

func (noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (noopProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return accessKey{} }}
}

func (noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type accessKey struct{}

type accessKeyModel struct {
	ID           types.String   `tfsdk:"id"`
	Name         types.String   `tfsdk:"name"`
	BucketAccess types.Set      `tfsdk:"bucket_access"`
	Limited      types.Bool     `tfsdk:"limited"`
	AccessKey    types.String   `tfsdk:"access_key"`
	SecretKey    types.String   `tfsdk:"secret_key"`
	Regions      types.Set      `tfsdk:"regions"`
	InstanceID   types.String   `tfsdk:"instance_id"`
	SecretKeyWO  types.String   `tfsdk:"secret_key_wo"`
	WOVersion    types.Int64    `tfsdk:"secret_key_wo_version"`
	Enabled      types.Bool     `tfsdk:"enabled"`
	ExpiresAt    types.String   `tfsdk:"expires_at"`
	RotationDays types.Int64    `tfsdk:"rotation_days"`
	Triggers     types.Map      `tfsdk:"rotation_triggers"`
	CreatedAt    types.String   `tfsdk:"created_at"`
	RotateAt     types.String   `tfsdk:"rotate_at"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

func (accessKey) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_key"
}

// Schema: objectstorage_access_key's attributes and types, nothing more.
func (accessKey) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":   schema.StringAttribute{Computed: true},
		"name": schema.StringAttribute{Required: true},
		"bucket_access": schema.SetNestedAttribute{Optional: true, Computed: true, NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"bucket":     schema.StringAttribute{Required: true},
				"permission": schema.StringAttribute{Required: true},
				"region":     schema.StringAttribute{Optional: true},
			},
		}},
		"limited":               schema.BoolAttribute{Optional: true, Computed: true},
		"access_key":            schema.StringAttribute{Computed: true},
		"secret_key":            schema.StringAttribute{Computed: true, Sensitive: true},
		"regions":               schema.SetAttribute{ElementType: types.StringType, Optional: true, Computed: true},
		"instance_id":           schema.StringAttribute{Optional: true},
		"secret_key_wo":         schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true},
		"secret_key_wo_version": schema.Int64Attribute{Optional: true},
		"enabled":               schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
		"expires_at":            schema.StringAttribute{Optional: true},
		"rotation_days":         schema.Int64Attribute{Optional: true},
		"rotation_triggers":     schema.MapAttribute{ElementType: types.StringType, Optional: true},
		"created_at":            schema.StringAttribute{Computed: true},
		"rotate_at":             schema.StringAttribute{Computed: true},
		"timeouts":              timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
	}}
}

func (accessKey) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m accessKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID, m.AccessKey, m.SecretKey = m.Name, m.Name, types.StringValue("secret")
	m.fillUnknown()
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (accessKey) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (accessKey) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m accessKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.fillUnknown()
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (accessKey) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// fillUnknown settles what the plan left to the provider.
func (m *accessKeyModel) fillUnknown() {
	if m.ID.IsUnknown() || m.AccessKey.IsUnknown() || m.SecretKey.IsUnknown() {
		m.ID, m.AccessKey, m.SecretKey = m.Name, m.Name, types.StringValue("secret")
	}
	if m.Limited.IsUnknown() {
		m.Limited = types.BoolValue(!m.BucketAccess.IsNull())
	}
	if m.BucketAccess.IsUnknown() {
		m.BucketAccess = types.SetNull(m.BucketAccess.ElementType(context.Background()))
	}
	if m.Regions.IsUnknown() {
		m.Regions = types.SetNull(types.StringType)
	}
	if m.CreatedAt.IsUnknown() {
		m.CreatedAt = types.StringValue("2026-01-01T00:00:00Z")
	}
	if m.RotateAt.IsUnknown() {
		m.RotateAt = types.StringNull()
	}
}
