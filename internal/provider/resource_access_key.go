package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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
	_ resource.ResourceWithMoveState      = (*accessKeyResource)(nil)
	_ resource.ResourceWithIdentity       = (*accessKeyResource)(nil)
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

func (r *accessKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *accessKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx = maskSecrets(ctx)
	var plan, config accessKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	spec, _, diags := plan.spec(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	spec.SecretKey = config.SecretKeyWO.ValueString()
	ctx, cancel, op := startOperation(ctx, plan.Timeouts, opCreate, &resp.Diagnostics)
	defer cancel()
	key, err := r.data.backend.CreateKey(ctx, spec)
	var uncertain *backend.UncertainCreateError
	if errors.As(err, &uncertain) && uncertain.Key != nil {
		// The key exists, or may: keep it, secret included, so that it is
		// neither lost nor left behind. Terraform marks it for
		// replacement, and the next apply removes it if it exists.
		plan.setCreated(*uncertain.Key, spec.SecretKey != "", r.data.now())
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID)...)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, unconfirmedKey, unconfirmedMark)...)
		op.addError(ctx, &resp.Diagnostics, "Create Access Key Error", "create the key", fmt.Errorf("%w. Key %q is kept in state, "+
			"marked for replacement: the next apply replaces it, so no key is left on the service without Terraform knowing of it",
			err, uncertain.Key.ID))
		return
	}
	if err != nil {
		op.addError(ctx, &resp.Diagnostics, "Create Access Key Error", "create the key", err)
		return
	}
	tflog.Info(ctx, "created access key", map[string]any{"id": key.ID, "name": key.Name, "limited": key.Limited})
	plan.setCreated(key, spec.SecretKey != "", r.data.now())
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID)...)
}

func (r *accessKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx = maskSecrets(ctx)
	var state accessKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Before anything can fail or remove the key: a state from before
	// identities gets one.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.ID)...)
	moved := r.checkMovedBackend(ctx, req.Private, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, op := startOperation(ctx, state.Timeouts, opRead, &resp.Diagnostics)
	defer cancel()
	key, err := r.data.backend.GetKey(ctx, state.ID.ValueString())
	if expiredAt := timeOf(state.ExpiresAt); backend.IsNotFound(err) && hasPassed(expiredAt, r.data.now()) {
		// A service may remove a key once its expiry has passed: that is
		// the expiry at work, not drift. The key stays in state as
		// expired, so that the plan says so (planExpiry) instead of
		// planning a create whose past expires_at could only fail.
		resp.Diagnostics.AddWarning("Expired Access Key Removed by the Service",
			fmt.Sprintf("Key %q expired at %s and the service has since removed it; Terraform keeps it in state as an expired key. "+
				"Set expires_at to a time in the future (or remove it) for a new key, or remove the resource.",
				state.ID.ValueString(), expiredAt.Format(time.RFC3339)))
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		return
	}
	if backend.IsNotFound(err) && unconfirmed(ctx, req.Private, &resp.Diagnostics) {
		// The create had no clear answer, so not seeing the key proves
		// nothing: it stays, marked for replacement, and the next apply
		// removes it wherever it may be.
		resp.Diagnostics.AddWarning("Access Key Not Shown Yet",
			fmt.Sprintf("Key %q comes from a create that had no clear answer, and the service does not show it. It may not exist, "+
				"or may exist without every part of the service showing it yet; Terraform keeps it in state, marked for replacement, "+
				"so that the next apply removes it before making a new key.", state.ID.ValueString()))
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		return
	}
	if backend.IsNotFound(err) {
		tflog.Warn(ctx, "access key is gone from the service; removing it from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		op.addError(ctx, &resp.Diagnostics, "Read Access Key Error", fmt.Sprintf("read key %q", state.ID.ValueString()), err)
		return
	}
	resp.Diagnostics.Append(state.refresh(key, r.data.backend.Capabilities())...)
	state.CreatedAt = firstSeen(state.CreatedAt, key.CreatedAt, r.data.now())
	state.RotateAt = rotateAt(state.CreatedAt, state.RotationDays)
	if moved {
		// Read on the right backend: the mark has done its job.
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, movedFromKey, nil)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *accessKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx = maskSecrets(ctx)
	var plan, state, config accessKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	spec, _, diags := plan.spec(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	keepUnconfiguredGrants(&spec, config)
	if !plan.SecretKeyWOVersion.Equal(state.SecretKeyWOVersion) {
		// A new version: the key gets the secret the configuration holds now.
		spec.SecretKey = config.SecretKeyWO.ValueString()
	}
	id := state.ID.ValueString()
	plan.CreatedAt = state.CreatedAt
	plan.RotateAt = rotateAt(plan.CreatedAt, plan.RotationDays)
	if !plan.changesService(state) {
		// Only what the provider keeps changed (rotation_days, timeouts).
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.ID)...)
		return
	}
	ctx, cancel, op := startOperation(ctx, plan.Timeouts, opUpdate, &resp.Diagnostics)
	defer cancel()

	unlock := r.data.locks.lock(id)
	key, err := r.data.backend.UpdateKey(ctx, id, spec)
	unlock()
	if err != nil {
		op.addError(ctx, &resp.Diagnostics, "Update Access Key Error", fmt.Sprintf("update key %q", id), err)
		return
	}
	tflog.Info(ctx, "updated access key", map[string]any{"id": id, "name": key.Name, "limited": key.Limited})
	// What an in-place update cannot change comes from state; a secret the
	// configuration brings is never held.
	plan.ID, plan.AccessKey, plan.SecretKey = state.ID, state.AccessKey, state.SecretKey
	if !config.SecretKeyWO.IsNull() {
		plan.SecretKey = types.StringNull()
	}
	plan.setComputed(key)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID)...)
}

func (r *accessKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx = maskSecrets(ctx)
	var state accessKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	ctx, cancel, op := startOperation(ctx, state.Timeouts, opDelete, &resp.Diagnostics)
	defer cancel()
	remove := r.data.backend.DeleteKey
	if unconfirmed(ctx, req.Private, &resp.Diagnostics) {
		remove = r.data.backend.DeleteUnconfirmed
	}
	unlock := r.data.locks.lock(id)
	err := remove(ctx, id)
	unlock()
	if err != nil {
		op.addError(ctx, &resp.Diagnostics, "Delete Access Key Error", fmt.Sprintf("delete key %q", id), err)
		return
	}
	tflog.Info(ctx, "deleted access key", map[string]any{"id": id})
}

// ImportState reads the key whole, its grants included (bucket_access
// shows them; a configuration that leaves bucket_access out plans no
// change to them), and says so when its secret cannot be recovered.
func (r *accessKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ctx = maskSecrets(ctx)
	if r.data == nil {
		resp.Diagnostics.AddError("Import Access Key Error", "The provider is not configured, so it cannot read the key to import.")
		return
	}
	ctx, cancel, op := startOperation(ctx, timeouts.Value{}, opRead, &resp.Diagnostics)
	defer cancel()
	id, diags := importID(ctx, req)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	key, err := r.data.backend.GetKey(ctx, id)
	var invalid *backend.InvalidInputError
	if errors.As(err, &invalid) && invalid.Field == backend.FieldID {
		resp.Diagnostics.AddError("Invalid Import ID", attributeNames.Replace(invalid.Detail))
		return
	}
	if err != nil {
		op.addError(ctx, &resp.Diagnostics, "Import Access Key Error", fmt.Sprintf("read key %q to import it", id), err)
		return
	}
	state, diags := importedModel(ctx, key, r.data.backend.Capabilities())
	resp.Diagnostics.Append(diags...)
	state.CreatedAt = firstSeen(state.CreatedAt, key.CreatedAt, r.data.now())
	if state.SecretKey.IsNull() {
		resp.Diagnostics.AddWarning("Secret Key Not Imported",
			fmt.Sprintf("The service shows a key's secret only when the key is created, so secret_key stays null for key %q. "+
				"The key keeps working for whoever holds its secret. To have Terraform hold a secret, replace the key: "+
				"terraform apply -replace=<this resource's address>.", key.ID))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.ID)...)
}

// importedModel is the model of a key taken in from outside (import, a
// list result, a moved block): what the service reports, read on a backend
// with caps, and null for what only a configuration sets. created_at is
// null where the service does not say when it made the key.
func importedModel(ctx context.Context, key backend.Key, caps backend.Capabilities) (accessKeyModel, diag.Diagnostics) {
	m := accessKeyModel{
		ID:                 types.StringValue(key.ID),
		SecretKey:          types.StringNull(),
		Regions:            types.SetNull(types.StringType),
		InstanceID:         types.StringNull(),
		SecretKeyWO:        types.StringNull(),
		SecretKeyWOVersion: types.Int64Null(),
		ExpiresAt:          types.StringNull(),
		RotationDays:       types.Int64Null(),
		RotationTriggers:   types.MapNull(types.StringType),
		CreatedAt:          sameInstantOr(types.StringNull(), key.CreatedAt),
		RotateAt:           types.StringNull(),
		Timeouts:           nullTimeouts(ctx),
	}
	diags := m.refresh(key, caps)
	return m, diags
}
