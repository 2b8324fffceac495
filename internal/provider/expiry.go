package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// planExpiry checks a new or changed expires_at against the backend's
// limits at now, and reports whether the key in state has expired, which
// replaces it: an expired key no longer works, so keeping it would plan
// nothing while the application fails.
func planExpiry(plan accessKeyModel, state *accessKeyModel, caps backend.Capabilities, now time.Time, diags *diag.Diagnostics) (expired bool) {
	planned := timeOf(plan.ExpiresAt)
	var current time.Time
	if state != nil {
		current = timeOf(state.ExpiresAt)
		expired = !current.IsZero() && !current.After(now)
	}
	if !plan.ExpiresAt.IsUnknown() && (state == nil || expired || !planned.Equal(current)) {
		if e := caps.CheckExpiry(planned, now); e != nil {
			addValidationErrors(diags, accessKeyPaths, []backend.InvalidInputError{*e})
		}
	}
	if expired {
		diags.AddAttributeWarning(accessKeyPaths.of(backend.FieldExpiresAt), "Access Key Expired",
			fmt.Sprintf("Key %q expired at %s and the service no longer honours it: the plan replaces it with a new key "+
				"(a new access key and secret).", state.ID.ValueString(), current.Format(time.RFC3339)))
	}
	return expired
}

// timeOf is a timestamp attribute's time; zero when null, unknown or not
// RFC 3339 (the attribute's validator reports that).
func timeOf(s types.String) time.Time {
	if s.IsNull() || s.IsUnknown() {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s.ValueString())
	if err != nil {
		return time.Time{}
	}
	return t
}

// sameInstantOr is the attribute for at as the service reports it: the
// value already held when it names the same instant (so that
// "2027-01-31T13:00:00+01:00" in a configuration is not drift against the
// service's UTC), else at in UTC; null for the zero time.
func sameInstantOr(held types.String, at time.Time) types.String {
	switch {
	case at.IsZero():
		return types.StringNull()
	case timeOf(held).Equal(at):
		return held
	}
	return types.StringValue(at.UTC().Format(time.RFC3339))
}
