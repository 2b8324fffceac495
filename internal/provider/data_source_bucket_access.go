package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

var (
	_ datasource.DataSource              = (*bucketAccessDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*bucketAccessDataSource)(nil)
)

// NewBucketAccessDataSource returns the objectstorage_bucket_access data source.
func NewBucketAccessDataSource() datasource.DataSource {
	return &bucketAccessDataSource{}
}

type bucketAccessDataSource struct {
	data *providerData
}

func (d *bucketAccessDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bucket_access"
}

func (d *bucketAccessDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "For audits: every key that can reach a bucket, with its effective permission. Unrestricted keys count " +
			"as `read_write`; a key whose permissions were changed outside Terraform into ones this provider does not write shows `custom`.",
		Attributes: map[string]schema.Attribute{
			"bucket": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The bucket's name.",
				Validators:          []validator.String{s3BucketName{}},
			},
			"region": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The bucket's region (" + backends.Having(hasGrantRegions) + ").",
			},
			"instance_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The instance holding the bucket; required on " + backends.Having(isInstanceScoped) + ", where every key of the " +
					"instance reaches the bucket (reported as `read_write`).",
			},
			"grants": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The keys that can reach the bucket, sorted by name and id.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":         schema.StringAttribute{Computed: true, MarkdownDescription: "The key's id."},
					"name":       schema.StringAttribute{Computed: true, MarkdownDescription: "The key's name."},
					"access_key": schema.StringAttribute{Computed: true, MarkdownDescription: "The public half of the key."},
					"permission": schema.StringAttribute{Computed: true, MarkdownDescription: "`read_only`, `read_write` or `custom`."},
				}},
			},
		},
	}
}

func (d *bucketAccessDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *bucketAccessDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model bucketAccessDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.data.backend.Capabilities().InstanceScoped && model.InstanceID.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("instance_id"), "Missing Instance ID",
			"On this backend a credential reaches the buckets of its own instance: set instance_id to the instance holding the bucket.")
		return
	}
	keys, err := d.data.backend.ListKeys(ctx)
	if err != nil {
		addBackendError(&resp.Diagnostics, "Read Bucket Access Error", "list the keys", err)
		return
	}
	sortKeys(keys)
	model.Grants = []bucketGrantModel{}
	for _, k := range keys {
		if !inInstance(k, model.InstanceID) {
			continue
		}
		permission, ok := k.EffectivePermission(model.Bucket.ValueString(), model.Region.ValueString())
		if !ok {
			continue
		}
		model.Grants = append(model.Grants, bucketGrantModel{
			ID:         types.StringValue(k.ID),
			Name:       types.StringValue(k.Name),
			AccessKey:  types.StringValue(k.AccessKey),
			Permission: types.StringValue(string(permission)),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// sortKeys orders keys by name, then id, so data sources are stable.
func sortKeys(keys []backend.Key) {
	slices.SortFunc(keys, func(a, b backend.Key) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

type bucketAccessDataModel struct {
	Bucket     types.String       `tfsdk:"bucket"`
	Region     types.String       `tfsdk:"region"`
	InstanceID types.String       `tfsdk:"instance_id"`
	Grants     []bucketGrantModel `tfsdk:"grants"`
}

type bucketGrantModel struct {
	ID         types.String `tfsdk:"id"`
	Name       types.String `tfsdk:"name"`
	AccessKey  types.String `tfsdk:"access_key"`
	Permission types.String `tfsdk:"permission"`
}
