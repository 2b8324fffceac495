package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

var (
	_ resource.Resource                = (*bucketAccessResource)(nil)
	_ resource.ResourceWithConfigure   = (*bucketAccessResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*bucketAccessResource)(nil)
	_ resource.ResourceWithImportState = (*bucketAccessResource)(nil)
)

// NewBucketAccessResource returns the objectstorage_bucket_access resource.
func NewBucketAccessResource() resource.Resource {
	return &bucketAccessResource{}
}

type bucketAccessResource struct {
	data *providerData
}

func (r *bucketAccessResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bucket_access"
}

func (r *bucketAccessResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One key's permission on one bucket, for backends whose grants can change after a key is created (" +
			backends.Having(grantsMutable) + "). " +
			"Not authoritative: it adds or changes this one grant and leaves the key's other grants alone, so several of these " +
			"resources can grant one key several buckets. The key must be an `objectstorage_access_key` with `limited = true` " +
			"and without `bucket_access` of its own. On backends whose grants are fixed at creation (" + backends.Having(grantsFixed) +
			") or that have no per-bucket permissions (" + backends.Having(noBucketScoping) + ") it is an error at plan time: use the " +
			"key's `bucket_access` attribute there.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`KEY_ID/BUCKET`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"key_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The `id` of the limited key to grant. A change replaces the grant.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"bucket": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The bucket's name. A change replaces the grant.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{s3BucketName{}},
			},
			"permission": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "`read_only` or `read_write`. A change is made in place.",
				Validators:          []validator.String{stringvalidator.OneOf(backend.Permissions...)},
			},
			"region": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The bucket's region, on backends that place buckets in regions. A change replaces the grant.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}

func (r *bucketAccessResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses standalone grants where the backend's grants cannot
// change after creation, and a region the backend does not use.
func (r *bucketAccessResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan bucketAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if refused := r.data.backend.GrantRefusal(); refused != nil {
		addBackendError(&resp.Diagnostics, "Bucket Access Not Supported by This Backend", "plan the grant", refused)
		return
	}
	if plan.Region.IsUnknown() {
		return // checked when known, at apply
	}
	addValidationErrors(&resp.Diagnostics, fieldPaths{}, r.data.backend.ValidateGrant(plan.grant()))
}

func (r *bucketAccessResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan bucketAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, op := startOperation(ctx, plan.Timeouts, opCreate, &resp.Diagnostics)
	defer cancel()
	if !r.setGrant(ctx, op, plan, "Create Bucket Access Error", &resp.Diagnostics) {
		return
	}
	plan.ID = types.StringValue(plan.KeyID.ValueString() + "/" + plan.Bucket.ValueString())
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *bucketAccessResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state bucketAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	keyID := state.KeyID.ValueString()
	ctx, cancel, op := startOperation(ctx, state.Timeouts, opRead, &resp.Diagnostics)
	defer cancel()
	key, err := r.data.backend.GetKey(ctx, keyID)
	if backend.IsNotFound(err) {
		tflog.Warn(ctx, "the key of this grant is gone; removing the grant from state", map[string]any{"key_id": keyID})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		op.addError(ctx, &resp.Diagnostics, "Read Bucket Access Error", fmt.Sprintf("read key %q", keyID), err)
		return
	}
	grant, ok := backend.GrantFor(key.Grants, state.Bucket.ValueString(), state.Region.ValueString())
	if !key.Limited || !ok {
		tflog.Warn(ctx, "the grant is gone from its key; removing it from state", map[string]any{"key_id": keyID, "bucket": state.Bucket.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	state.Permission = types.StringValue(string(grant.Permission))
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *bucketAccessResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan bucketAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, op := startOperation(ctx, plan.Timeouts, opUpdate, &resp.Diagnostics)
	defer cancel()
	if r.setGrant(ctx, op, plan, "Update Bucket Access Error", &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	}
}

func (r *bucketAccessResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state bucketAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	keyID := state.KeyID.ValueString()
	ctx, cancel, op := startOperation(ctx, state.Timeouts, opDelete, &resp.Diagnostics)
	defer cancel()
	unlock := r.data.locks.lock(keyID)
	err := r.data.backend.RemoveGrant(ctx, keyID, state.grant())
	unlock()
	if err != nil {
		op.addError(ctx, &resp.Diagnostics, "Delete Bucket Access Error", fmt.Sprintf("remove the grant on bucket %q from key %q", state.Bucket.ValueString(), keyID), err)
	}
}

// ImportState takes KEY_ID/BUCKET; Read then finds the permission.
func (r *bucketAccessResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	keyID, bucket, problem := splitGrantID(req.ID)
	if problem != "" {
		resp.Diagnostics.AddError("Invalid Import ID", problem)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, bucketAccessModel{
		ID:         types.StringValue(req.ID),
		KeyID:      types.StringValue(keyID),
		Bucket:     types.StringValue(bucket),
		Permission: types.StringUnknown(),
		Region:     types.StringNull(),
		Timeouts:   nullTimeouts(ctx),
	})...)
}

// splitGrantID splits a grant's import id, KEY_ID/BUCKET, at its last "/"
// (a bucket name has none; a key id may, INSTANCE_ID/CREDENTIAL_ID), or
// says what is wrong with it.
func splitGrantID(id string) (keyID, bucket, problem string) {
	cut := strings.LastIndex(id, "/")
	keyID, bucket = id[:max(cut, 0)], id[cut+1:]
	switch {
	case cut < 0 || keyID == "" || bucket == "":
		return "", "", fmt.Sprintf("The import id %q is not KEY_ID/BUCKET, for example AKIAEXAMPLE/logs.", id)
	case bucketNameProblem(bucket) != "":
		return "", "", fmt.Sprintf("The import id %q is KEY_ID/BUCKET, but %s", id, bucketNameProblem(bucket))
	}
	return keyID, bucket, ""
}

// setGrant writes one grant under the key's lock, so that concurrent grants
// on one key do not overwrite each other.
func (r *bucketAccessResource) setGrant(ctx context.Context, op operation, m bucketAccessModel, summary string, diags *diag.Diagnostics) bool {
	keyID := m.KeyID.ValueString()
	unlock := r.data.locks.lock(keyID)
	err := r.data.backend.SetGrant(ctx, keyID, m.grant())
	unlock()
	if err != nil {
		op.addError(ctx, diags, summary, fmt.Sprintf("grant %s on bucket %q to key %q", m.Permission.ValueString(), m.Bucket.ValueString(), keyID), err)
		return false
	}
	tflog.Info(ctx, "set bucket access", map[string]any{"key_id": keyID, "bucket": m.Bucket.ValueString(), "permission": m.Permission.ValueString()})
	return true
}

// bucketAccessModel is the resource's state and plan.
type bucketAccessModel struct {
	ID         types.String   `tfsdk:"id"`
	KeyID      types.String   `tfsdk:"key_id"`
	Bucket     types.String   `tfsdk:"bucket"`
	Permission types.String   `tfsdk:"permission"`
	Region     types.String   `tfsdk:"region"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}

func (m bucketAccessModel) grant() backend.Grant {
	return backend.Grant{
		Bucket:     m.Bucket.ValueString(),
		Permission: backend.Permission(m.Permission.ValueString()),
		Region:     m.Region.ValueString(),
	}
}
