package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

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

// ModifyPlan completes the plan from the configuration, the key's state
// and the backend's capabilities: what limited and bucket_access become,
// what the backend refuses, and which changes replace the key instead of
// updating it.
func (r *accessKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return // a destroy, or a provider whose configuration is not known yet
	}
	var plan, config accessKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	var state *accessKeyModel
	if !req.State.Raw.IsNull() {
		state = &accessKeyModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if state != nil {
		// A key moved in and planned without a refresh.
		r.checkMovedBackend(ctx, req.Private, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	caps := r.data.backend.Capabilities()

	plan.Limited = plannedLimited(config, state)
	plan.BucketAccess = plannedGrants(config, plan.Limited, state)
	if !caps.KeyRegions && config.Regions.IsNull() {
		// Keys without regions keep regions null; a configured value is
		// refused by ValidateKey below.
		plan.Regions = types.SetNull(types.StringType)
	}

	if !config.SecretKeyWO.IsNull() {
		// The configuration brings the secret: Terraform holds none.
		plan.SecretKey = types.StringNull()
	}
	spec, unknown, diags := plan.spec(ctx)
	resp.Diagnostics.Append(diags...)
	keepUnconfiguredGrants(&spec, config)
	spec.SecretKey = config.SecretKeyWO.ValueString()
	unknown[backend.FieldSecret] = config.SecretKeyWO.IsUnknown()
	for _, e := range r.data.backend.Validate(spec) {
		if !unknown[e.Field] {
			addValidationErrors(&resp.Diagnostics, accessKeyPaths, []backend.InvalidInputError{e})
		}
	}
	now := r.data.now()
	expired := planExpiry(plan, state, caps, now, &resp.Diagnostics)
	due := planRotation(&plan, state, now, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if spec.Limited && !unknown[backend.FieldGrants] && (state == nil || !plan.BucketAccess.Equal(state.BucketAccess)) {
		warnBeyondReach(ctx, r.data.backend, spec.Grants, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)

	if state == nil {
		return
	}
	// The capability table says which changes replace the key. Grants
	// left out of the configuration are planned as they are
	// (plannedGrants), so only configured grants that differ from the
	// key's count as a change.
	for _, rule := range backend.Rules {
		if rule.OnChange(caps) == backend.Replace && !plan.value(rule.Field).Equal(state.value(rule.Field)) {
			resp.RequiresReplace.Append(accessKeyPaths.of(rule.Field))
		}
	}
	if expired {
		resp.RequiresReplace.Append(accessKeyPaths.of(backend.FieldExpiresAt))
	}
	if due {
		resp.RequiresReplace.Append(path.Root("rotate_at"))
	}
}

// plannedLimited is limited as configured; else true with bucket_access,
// else the key's own value (false for a new key): a limited key never
// becomes unrestricted unless the configuration says limited = false.
func plannedLimited(config accessKeyModel, state *accessKeyModel) types.Bool {
	switch {
	case !config.Limited.IsNull():
		return config.Limited
	case !config.BucketAccess.IsNull():
		return types.BoolValue(true)
	case state != nil:
		return state.Limited
	}
	return types.BoolValue(false)
}

// plannedGrants is bucket_access as configured. Without a configured
// value the attribute shows the key's grants as they are: none for an
// unrestricted key, none yet for a new limited key, the state's for a key
// that stays limited, and what the backend reports for one that becomes
// limited.
func plannedGrants(config accessKeyModel, limited types.Bool, state *accessKeyModel) types.Set {
	switch {
	case !config.BucketAccess.IsNull():
		return config.BucketAccess
	case limited.IsUnknown():
		return types.SetUnknown(grantObjectType)
	case !limited.ValueBool():
		return types.SetNull(grantObjectType)
	case state == nil:
		return types.SetValueMust(grantObjectType, nil)
	case state.Limited.ValueBool():
		return state.BucketAccess
	}
	return types.SetUnknown(grantObjectType)
}
