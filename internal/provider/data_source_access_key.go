package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

var (
	_ datasource.DataSource                     = (*accessKeyDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*accessKeyDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*accessKeyDataSource)(nil)
)

// NewAccessKeyDataSource returns the objectstorage_access_key data source.
func NewAccessKeyDataSource() datasource.DataSource {
	return &accessKeyDataSource{}
}

type accessKeyDataSource struct {
	data *providerData
}

func (d *accessKeyDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_key"
}

func (d *accessKeyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one access key by `id` or by `name`, with everything but its secret.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The key's id: " + backends.KeyIDs() + ". Give `id` or `name`.",
			},
			"name": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The key's name. Give `id` or `name`; a name shared by several keys is an error.",
			},
			"access_key":    schema.StringAttribute{Computed: true, MarkdownDescription: "The public half of the key."},
			"limited":       schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the key reaches only the buckets it is granted."},
			"bucket_access": grantsDataSourceAttribute(),
			"regions": schema.SetAttribute{
				ElementType: types.StringType, Computed: true,
				MarkdownDescription: "The regions the key may be used in (" + backends.Having(hasKeyRegions) + ").",
			},
			"instance_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The instance the key belongs to (" + backends.Having(isInstanceScoped) + ")."},
			"enabled":     schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the service honours the key (false: switched off)."},
			"expires_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the service stops honouring the key (RFC 3339); null for never.",
			},
		},
	}
}

func grantsDataSourceAttribute() schema.SetNestedAttribute {
	return schema.SetNestedAttribute{
		Computed: true,
		MarkdownDescription: "A limited key's grants; null for an unrestricted key. A `permission` of `custom` means the service " +
			"holds permissions this provider did not write (bucket `*` when they name no one bucket).",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"bucket":     schema.StringAttribute{Computed: true, MarkdownDescription: "The bucket's name."},
			"permission": schema.StringAttribute{Computed: true, MarkdownDescription: "`read_only`, `read_write` or `custom`."},
			"region":     schema.StringAttribute{Computed: true, MarkdownDescription: "The bucket's region (" + backends.Having(hasGrantRegions) + ")."},
		}},
	}
}

func (d *accessKeyDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *accessKeyDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *accessKeyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config accessKeyDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var key backend.Key
	var err error
	if !config.ID.IsNull() {
		key, err = d.data.backend.GetKey(ctx, config.ID.ValueString())
	} else {
		key, err = d.findByName(ctx, config.Name.ValueString())
	}
	if err != nil {
		addBackendError(&resp.Diagnostics, "Read Access Key Error", "look up the key", err)
		return
	}
	model := accessKeyDataModel{
		ID:         types.StringValue(key.ID),
		Name:       types.StringValue(key.Name),
		AccessKey:  types.StringValue(key.AccessKey),
		Limited:    types.BoolValue(key.Limited),
		Regions:    stringSet(key.Regions),
		InstanceID: types.StringValue(key.InstanceID),
		Enabled:    types.BoolValue(!key.Disabled),
		ExpiresAt:  sameInstantOr(types.StringNull(), key.ExpiresAt),
	}
	var diags diag.Diagnostics
	model.BucketAccess, diags = grantsOf(key)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

func (d *accessKeyDataSource) findByName(ctx context.Context, name string) (backend.Key, error) {
	keys, err := d.data.backend.ListKeys(ctx)
	if err != nil {
		return backend.Key{}, err
	}
	var found []backend.Key
	for _, k := range keys {
		if k.Name == name {
			found = append(found, k)
		}
	}
	switch len(found) {
	case 0:
		return backend.Key{}, fmt.Errorf("no key is named %q: %w", name, backend.ErrNotFound)
	case 1:
		return found[0], nil
	}
	ids := make([]string, len(found))
	for i, k := range found {
		ids[i] = k.ID
	}
	return backend.Key{}, fmt.Errorf("%d keys are named %q (ids %s): look the one you mean up by id", len(found), name, strings.Join(ids, ", "))
}

// grantsOf is a key's bucket_access as data sources show it: null for an
// unrestricted key.
func grantsOf(key backend.Key) (types.Set, diag.Diagnostics) {
	if !key.Limited {
		return types.SetNull(grantObjectType), nil
	}
	return grantsToSet(key.Grants)
}

type accessKeyDataModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	AccessKey    types.String `tfsdk:"access_key"`
	Limited      types.Bool   `tfsdk:"limited"`
	BucketAccess types.Set    `tfsdk:"bucket_access"`
	Regions      types.Set    `tfsdk:"regions"`
	InstanceID   types.String `tfsdk:"instance_id"`
	Enabled      types.Bool   `tfsdk:"enabled"`
	ExpiresAt    types.String `tfsdk:"expires_at"`
}
