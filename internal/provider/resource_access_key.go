package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

var (
	_ resource.Resource                   = (*accessKeyResource)(nil)
	_ resource.ResourceWithConfigure      = (*accessKeyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*accessKeyResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*accessKeyResource)(nil)
	_ resource.ResourceWithImportState    = (*accessKeyResource)(nil)
)

// NewAccessKeyResource returns the objectstorage_access_key resource.
func NewAccessKeyResource() resource.Resource {
	return &accessKeyResource{}
}

type accessKeyResource struct {
	data *providerData
}

func (r *accessKeyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_key"
}

func (r *accessKeyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An access key for S3-compatible object storage, optionally limited to some buckets. " +
			"The secret is shown by the service only when the key is created; it is kept in state as `secret_key`. " +
			"Whether a change is made in place or replaces the key (a new access key and secret) depends on the backend; " +
			"the plan says which before anything is applied.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The backend's id of the key: the access key on MinIO, the numeric id on Linode, the credential UUID on GleSYS.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The key's name: a MinIO service-account name (1 to 32 characters, a letter first, then letters, digits, " +
					"`_` or `-`), a Linode label (3 to 50 characters) or a GleSYS description. " +
					"A change is made in place on MinIO and Linode and replaces the key on GleSYS.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"bucket_access": schema.SetNestedAttribute{
				Optional: true,
				MarkdownDescription: "The buckets this key may use and how. Leave it out for an unrestricted key (unless `limited = true`); " +
					"`[]` makes a key that reaches no bucket. When it is left out the resource does not track the key's grants: " +
					"they belong to `objectstorage_bucket_access` resources, or to nobody. " +
					"A change is made in place on MinIO and replaces the key on Linode.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"bucket": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "The bucket's name (S3 bucket-naming rules: 3 to 63 lowercase letters, digits, `.` and `-`).",
							Validators:          []validator.String{s3BucketName{}},
						},
						"permission": schema.StringAttribute{
							Required: true,
							MarkdownDescription: "`read_only` (read and list) or `read_write` (also write and delete). " +
								"The same S3 actions on every backend; see the provider documentation.",
							Validators: []validator.String{stringvalidator.OneOf(backend.Permissions...)},
						},
						"region": schema.StringAttribute{
							Optional:            true,
							MarkdownDescription: "The bucket's region. Required on Linode, rejected on other backends.",
						},
					},
				},
			},
			"limited": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Whether the key reaches only the buckets it is granted. Defaults to `true` when `bucket_access` is set " +
					"and `false` otherwise. `limited = true` without `bucket_access` makes a key whose grants come from " +
					"`objectstorage_bucket_access` resources (or none). `limited = false` cannot be combined with `bucket_access`. " +
					"A change is made in place on MinIO and replaces the key on Linode.",
			},
			"access_key": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The public half of the key (the S3 access key id).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"secret_key": schema.StringAttribute{
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "The secret half of the key, kept from the moment the key is created. " +
					"Null for keys imported from MinIO or Linode, which never show a secret again.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"regions": schema.SetAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "The regions the key may be used in (Linode only); it must include every `bucket_access` region. A change is made in place.",
				PlanModifiers:       []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
			"instance_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The object-storage instance the credential belongs to (GleSYS only, where it is required). A change replaces the key.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
		},
	}
}

func (r *accessKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks what needs no backend: limited = false with grants,
// and one bucket granted twice.
func (r *accessKeyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config accessKeyModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !config.Limited.IsNull() && !config.Limited.IsUnknown() && !config.Limited.ValueBool() && !config.BucketAccess.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("limited"), "Conflicting Limited and Bucket Access",
			"limited = false makes an unrestricted key, which cannot also have bucket_access grants. "+
				"Remove limited (a key with bucket_access is limited) or remove bucket_access.")
	}
	grants, _, diags := grantsFromSet(ctx, config.BucketAccess)
	resp.Diagnostics.Append(diags...)
	seen := map[[2]string]backend.Permission{}
	for _, g := range grants {
		at := [2]string{g.Bucket, g.Region}
		if first, dup := seen[at]; dup {
			resp.Diagnostics.AddAttributeError(path.Root("bucket_access"), "Duplicate Bucket in Bucket Access",
				fmt.Sprintf("Bucket %q is granted twice (%s and %s). A key has one permission per bucket: keep one entry, "+
					"read_write if the key must write.", g.Bucket, first, g.Permission))
		}
		seen[at] = g.Permission
	}
}

// ModifyPlan completes the plan from the backend's capabilities: what
// limited and regions become, what the backend refuses, and which changes
// replace the key instead of updating it.
func (r *accessKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return // a destroy, or a provider whose configuration is not known yet
	}
	var plan, config accessKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	caps := r.data.backend.Capabilities()

	if config.Limited.IsNull() {
		plan.Limited = types.BoolValue(!config.BucketAccess.IsNull())
	}
	if !caps.KeyRegions && config.Regions.IsNull() {
		// Keys without regions keep regions null; a configured value is
		// refused by ValidateKey below.
		plan.Regions = types.SetNull(types.StringType)
	}

	spec, unknown, diags := plan.spec(ctx)
	resp.Diagnostics.Append(diags...)
	for _, e := range r.data.backend.ValidateKey(spec) {
		if !unknown[e.Attribute] {
			addValidationErrors(&resp.Diagnostics, []backend.InvalidInputError{e})
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)

	if req.State.Raw.IsNull() {
		return
	}
	var state accessKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if !caps.RenameInPlace && !plan.Name.Equal(state.Name) {
		resp.RequiresReplace.Append(path.Root("name"))
	}
	if !caps.GrantsMutable {
		if !plan.BucketAccess.Equal(state.BucketAccess) {
			resp.RequiresReplace.Append(path.Root("bucket_access"))
		}
		if !plan.Limited.Equal(state.Limited) {
			resp.RequiresReplace.Append(path.Root("limited"))
		}
	}
}

func (r *accessKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx = maskSecrets(ctx)
	var plan accessKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	spec, _, diags := plan.spec(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	key, err := r.data.backend.CreateKey(ctx, spec)
	if err != nil {
		addBackendError(&resp.Diagnostics, "Create Access Key Error", "create the key", err)
		return
	}
	tflog.Info(ctx, "created access key", map[string]any{"id": key.ID, "name": key.Name, "limited": key.Limited})
	plan.ID = types.StringValue(key.ID)
	plan.AccessKey = types.StringValue(key.AccessKey)
	plan.SecretKey = types.StringValue(key.SecretKey)
	plan.Limited = types.BoolValue(key.Limited)
	plan.setComputedRegions(key)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *accessKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx = maskSecrets(ctx)
	var state accessKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	key, err := r.data.backend.GetKey(ctx, state.ref(r.data.backend.Capabilities()))
	if backend.IsNotFound(err) {
		tflog.Warn(ctx, "access key is gone from the service; removing it from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addBackendError(&resp.Diagnostics, "Read Access Key Error", fmt.Sprintf("read key %q", state.ID.ValueString()), err)
		return
	}
	resp.Diagnostics.Append(state.refresh(key, r.data.backend.Capabilities())...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *accessKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx = maskSecrets(ctx)
	var plan, state accessKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	spec, _, diags := plan.spec(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	spec.KeepGrants = plan.BucketAccess.IsNull()
	id := state.ref(r.data.backend.Capabilities())

	unlock := r.data.locks.lock(id)
	key, err := r.data.backend.UpdateKey(ctx, id, spec)
	unlock()
	if err != nil {
		addBackendError(&resp.Diagnostics, "Update Access Key Error", fmt.Sprintf("update key %q", id), err)
		return
	}
	tflog.Info(ctx, "updated access key", map[string]any{"id": id, "name": key.Name, "limited": key.Limited})
	// What an in-place update cannot change comes from state.
	plan.ID, plan.AccessKey, plan.SecretKey = state.ID, state.AccessKey, state.SecretKey
	plan.setComputedRegions(key)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *accessKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx = maskSecrets(ctx)
	var state accessKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ref(r.data.backend.Capabilities())
	unlock := r.data.locks.lock(id)
	err := r.data.backend.DeleteKey(ctx, id)
	unlock()
	if err != nil {
		addBackendError(&resp.Diagnostics, "Delete Access Key Error", fmt.Sprintf("delete key %q", id), err)
		return
	}
	tflog.Info(ctx, "deleted access key", map[string]any{"id": id})
}

// ImportState reads the key whole, grants included (they are tracked from
// then on), and says so when its secret cannot be recovered.
func (r *accessKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ctx = maskSecrets(ctx)
	if r.data == nil {
		resp.Diagnostics.AddError("Import Access Key Error", "The provider is not configured, so it cannot read the key to import.")
		return
	}
	caps := r.data.backend.Capabilities()
	if _, _, ok := backend.SplitScopedID(req.ID); caps.InstanceScoped && !ok {
		resp.Diagnostics.AddError("Invalid Import ID",
			fmt.Sprintf("On this backend keys belong to an instance: import with INSTANCE_ID/CREDENTIAL_ID, for example "+
				"os-ab123/376af022-c81e-4a02-9f28-0dce6ba24387; %q is not of that form.", req.ID))
		return
	}
	key, err := r.data.backend.GetKey(ctx, req.ID)
	if err != nil {
		addBackendError(&resp.Diagnostics, "Import Access Key Error", fmt.Sprintf("read key %q to import it", req.ID), err)
		return
	}
	state := accessKeyModel{
		ID:           types.StringValue(key.ID),
		BucketAccess: types.SetNull(grantObjectType),
		SecretKey:    types.StringNull(),
		Regions:      types.SetNull(types.StringType),
		InstanceID:   types.StringNull(),
	}
	if key.Limited {
		// Track the grants the key has; a configuration without
		// bucket_access stops tracking them at the next apply.
		state.BucketAccess, _ = grantsToSet(nil)
	}
	resp.Diagnostics.Append(state.refresh(key, caps)...)
	if state.SecretKey.IsNull() {
		resp.Diagnostics.AddWarning("Secret Key Not Imported",
			fmt.Sprintf("The service shows a key's secret only when the key is created, so secret_key stays null for key %q. "+
				"The key keeps working for whoever holds its secret. To have Terraform hold a secret, replace the key: "+
				"terraform apply -replace=<this resource's address>.", key.ID))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// accessKeyModel is the resource's state and plan.
type accessKeyModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	BucketAccess types.Set    `tfsdk:"bucket_access"`
	Limited      types.Bool   `tfsdk:"limited"`
	AccessKey    types.String `tfsdk:"access_key"`
	SecretKey    types.String `tfsdk:"secret_key"`
	Regions      types.Set    `tfsdk:"regions"`
	InstanceID   types.String `tfsdk:"instance_id"`
}

// spec is the key the model asks for, and which of its attributes are not
// known yet (their validation waits for apply).
func (m accessKeyModel) spec(ctx context.Context) (backend.KeySpec, map[string]bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	grants, grantsKnown, d := grantsFromSet(ctx, m.BucketAccess)
	diags.Append(d...)
	regions, d := stringsFromSet(ctx, m.Regions)
	diags.Append(d...)
	spec := backend.KeySpec{
		Name:       m.Name.ValueString(),
		Limited:    m.Limited.ValueBool() || !m.BucketAccess.IsNull(),
		Grants:     grants,
		Regions:    regions,
		InstanceID: m.InstanceID.ValueString(),
	}
	unknown := map[string]bool{
		"name":          m.Name.IsUnknown(),
		"bucket_access": !grantsKnown,
		"regions":       m.Regions.IsUnknown(),
		"instance_id":   m.InstanceID.IsUnknown(),
	}
	return spec, unknown, diags
}

// ref names the key in backend calls: its id, or INSTANCE_ID/ID where keys
// belong to an instance.
func (m accessKeyModel) ref(caps backend.Capabilities) string {
	if caps.InstanceScoped {
		return backend.ScopedID(m.InstanceID.ValueString(), m.ID.ValueString())
	}
	return m.ID.ValueString()
}

// refresh takes what the service reports into the model. Grants are
// tracked only when the model tracks them (bucket_access is set).
func (m *accessKeyModel) refresh(key backend.Key, caps backend.Capabilities) diag.Diagnostics {
	var diags diag.Diagnostics
	m.Name = types.StringValue(key.Name)
	m.AccessKey = types.StringValue(key.AccessKey)
	m.Limited = types.BoolValue(key.Limited)
	if !m.BucketAccess.IsNull() {
		if key.Limited {
			m.BucketAccess, diags = grantsToSet(key.Grants)
		} else {
			m.BucketAccess = types.SetNull(grantObjectType)
		}
	}
	if caps.KeyRegions {
		m.Regions = stringSet(key.Regions)
	}
	if caps.SecretReadable && key.SecretKey != "" {
		m.SecretKey = types.StringValue(key.SecretKey)
	}
	if key.InstanceID != "" {
		m.InstanceID = types.StringValue(key.InstanceID)
	}
	return diags
}

// setComputedRegions fills regions after a write where the plan left them
// to the service.
func (m *accessKeyModel) setComputedRegions(key backend.Key) {
	if m.Regions.IsUnknown() {
		m.Regions = stringSet(key.Regions)
	}
}
