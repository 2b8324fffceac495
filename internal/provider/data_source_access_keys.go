package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

var (
	_ datasource.DataSource              = (*accessKeysDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*accessKeysDataSource)(nil)
)

// NewAccessKeysDataSource returns the objectstorage_access_keys data source.
func NewAccessKeysDataSource() datasource.DataSource {
	return &accessKeysDataSource{}
}

type accessKeysDataSource struct {
	data *providerData
}

func (d *accessKeysDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_keys"
}

func (d *accessKeysDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every access key the backend manages (each backend's key objects: see the provider's backend table), " +
			"optionally those whose name begins with `name_prefix`, sorted by name and id.",
		Attributes: map[string]schema.Attribute{
			"name_prefix": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only keys whose name begins with this.",
			},
			"instance_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only the credentials of this instance (" + backends.Having(isInstanceScoped) + "). Without it, the backend lists the credentials of " +
					"every instance of the project (one call per instance).",
			},
			"keys": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The keys, without their secrets.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":            schema.StringAttribute{Computed: true, MarkdownDescription: "The key's id."},
					"name":          schema.StringAttribute{Computed: true, MarkdownDescription: "The key's name."},
					"access_key":    schema.StringAttribute{Computed: true, MarkdownDescription: "The public half of the key."},
					"limited":       schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the key reaches only the buckets it is granted."},
					"bucket_access": grantsDataSourceAttribute(),
				}},
			},
		},
	}
}

func (d *accessKeysDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *accessKeysDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model accessKeysDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	keys, err := d.data.backend.ListKeys(ctx)
	if err != nil {
		addBackendError(&resp.Diagnostics, "List Access Keys Error", "list the keys", err)
		return
	}
	sortKeys(keys)
	model.Keys = []keySummaryModel{}
	for _, k := range keys {
		if !matches(k, model.NamePrefix, model.InstanceID) {
			continue
		}
		grants, diags := grantsOf(k)
		resp.Diagnostics.Append(diags...)
		model.Keys = append(model.Keys, keySummaryModel{
			ID:           types.StringValue(k.ID),
			Name:         types.StringValue(k.Name),
			AccessKey:    types.StringValue(k.AccessKey),
			Limited:      types.BoolValue(k.Limited),
			BucketAccess: grants,
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// matches reports whether a key passes the filters name_prefix and
// instance_id (each matches every key when null).
func matches(k backend.Key, namePrefix, instanceID types.String) bool {
	return strings.HasPrefix(k.Name, namePrefix.ValueString()) && inInstance(k, instanceID)
}

// inInstance reports whether a key belongs to the instance filter (or
// there is none).
func inInstance(k backend.Key, instanceID types.String) bool {
	return instanceID.IsNull() || k.InstanceID == instanceID.ValueString()
}

type accessKeysDataModel struct {
	NamePrefix types.String      `tfsdk:"name_prefix"`
	InstanceID types.String      `tfsdk:"instance_id"`
	Keys       []keySummaryModel `tfsdk:"keys"`
}

type keySummaryModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	AccessKey    types.String `tfsdk:"access_key"`
	Limited      types.Bool   `tfsdk:"limited"`
	BucketAccess types.Set    `tfsdk:"bucket_access"`
}
