package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

var (
	_ list.ListResource              = (*accessKeyListResource)(nil)
	_ list.ListResourceWithConfigure = (*accessKeyListResource)(nil)
)

// NewAccessKeyListResource lists the backend's keys for `terraform query`
// (Terraform 1.14 and later), which writes an import block, and with
// -generate-config-out a resource block, for each.
func NewAccessKeyListResource() list.ListResource { return &accessKeyListResource{} }

type accessKeyListResource struct{ data *providerData }

func (r *accessKeyListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_key"
}

func (r *accessKeyListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds the keys of the configured backend, to adopt them with the import blocks `terraform query` writes.",
		Attributes: map[string]listschema.Attribute{
			"name_prefix": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only keys whose name starts with this.",
			},
			"instance_id": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: backends.Having(isInstanceScoped) + ": only the credentials of this instance.",
			},
		},
	}
}

func (r *accessKeyListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

type accessKeyListModel struct {
	NamePrefix types.String `tfsdk:"name_prefix"`
	InstanceID types.String `tfsdk:"instance_id"`
}

// List answers every matching key, in the order of the data source
// objectstorage_access_keys, with its identity and, when asked, its state
// as an import would read it.
func (r *accessKeyListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	ctx = maskSecrets(ctx)
	var config accessKeyListModel
	diags := req.Config.Get(ctx, &config)
	if r.data == nil {
		diags.AddError("List Access Keys Error", "The provider is not configured, so it cannot list keys.")
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	keys, err := r.data.backend.ListKeys(ctx)
	if err != nil {
		addBackendError(&diags, "List Access Keys Error", "list the keys", err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	sortKeys(keys)
	caps := r.data.backend.Capabilities()
	stream.Results = func(push func(list.ListResult) bool) {
		n := int64(0)
		for _, key := range keys {
			if !matches(key, config.NamePrefix, config.InstanceID) {
				continue
			}
			if req.Limit > 0 && n == req.Limit {
				return
			}
			n++
			if !push(r.result(ctx, req, key, caps)) {
				return
			}
		}
	}
}

func (r *accessKeyListResource) result(ctx context.Context, req list.ListRequest, key backend.Key, caps backend.Capabilities) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = key.Name
	result.Diagnostics.Append(setIdentity(ctx, result.Identity, types.StringValue(key.ID))...)
	if req.IncludeResource {
		state, diags := importedModel(ctx, key, caps)
		result.Diagnostics.Append(diags...)
		state.CreatedAt = firstSeen(state.CreatedAt, key.CreatedAt, r.data.now())
		result.Diagnostics.Append(result.Resource.Set(ctx, state)...)
	}
	return result
}
