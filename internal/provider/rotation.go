package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

const day = 24 * time.Hour

// planRotation plans created_at and rotate_at, and reports whether the key
// in state is due for rotation: older than rotation_days by now, which
// replaces it. A new key learns both when it is made.
func planRotation(plan *accessKeyModel, state *accessKeyModel, now time.Time, diags *diag.Diagnostics) (due bool) {
	if state == nil {
		plan.CreatedAt = types.StringUnknown()
		plan.RotateAt = rotateAtUnknownUnless(plan.RotationDays.IsNull())
		return false
	}
	plan.CreatedAt = state.CreatedAt
	plan.RotateAt = rotateAt(state.CreatedAt, plan.RotationDays)
	if plan.RotationDays.IsUnknown() {
		plan.RotateAt = types.StringUnknown()
	}
	at := timeOf(plan.RotateAt)
	if at.IsZero() || now.Before(at) {
		return false
	}
	created := timeOf(state.CreatedAt)
	diags.AddAttributeWarning(path.Root("rotation_days"), "Access Key Due for Rotation",
		fmt.Sprintf("Key %q was made at %s, %d days ago, and rotation_days is %d: the plan replaces it with a new key (a new "+
			"access key and secret). With lifecycle { create_before_destroy = true } the new key exists before the old one is "+
			"revoked.", state.ID.ValueString(), created.Format(time.RFC3339), int(now.Sub(created)/day), plan.RotationDays.ValueInt64()))
	plan.CreatedAt, plan.RotateAt = types.StringUnknown(), types.StringUnknown()
	return true
}

// rotateAt is when a key made at created falls due after days; null
// without rotation_days or a known creation time.
func rotateAt(created types.String, days types.Int64) types.String {
	at := timeOf(created)
	if days.IsNull() || days.IsUnknown() || at.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(at.Add(time.Duration(days.ValueInt64()) * day).UTC().Format(time.RFC3339))
}

func rotateAtUnknownUnless(never bool) types.String {
	if never {
		return types.StringNull()
	}
	return types.StringUnknown()
}

// firstSeen is created_at for a key the provider reads: the service's
// time where it says, else the time already in state, else now, when the
// provider first sees a key it did not make (an import, or a key in state
// from a version without created_at).
func firstSeen(held types.String, service, now time.Time) types.String {
	switch {
	case !service.IsZero():
		return sameInstantOr(held, service)
	case !held.IsNull() && !held.IsUnknown():
		return held
	}
	return types.StringValue(now.UTC().Format(time.RFC3339))
}
