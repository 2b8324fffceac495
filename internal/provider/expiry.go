package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// planExpiry checks a new or changed expires_at against the backend's
// limits at now, and reports whether the key in state is to be replaced
// because it expired.
//
// A key past its expiry no longer works. While the configuration keeps
// that expiry, the plan leaves the key as it is with a warning that says
// so: a past time in the configuration is no error then, since it was in
// the future when it was set, and the rest of the workspace plans on. A
// new expires_at (or none) replaces the key with a working one.
func planExpiry(plan accessKeyModel, state *accessKeyModel, caps backend.Capabilities, now time.Time, diags *diag.Diagnostics) (replace bool) {
	planned := timeOf(plan.ExpiresAt)
	var current time.Time
	if state != nil {
		current = timeOf(state.ExpiresAt)
	}
	expired := state != nil && hasPassed(current, now)
	changed := state == nil || !planned.Equal(current)
	if !plan.ExpiresAt.IsUnknown() && changed {
		if e := caps.CheckExpiry(planned, now); e != nil {
			addValidationErrors(diags, accessKeyPaths, []backend.InvalidInputError{*e})
		}
	}
	if !expired {
		return false
	}
	at := accessKeyPaths.of(backend.FieldExpiresAt)
	if plan.ExpiresAt.IsUnknown() || changed {
		diags.AddAttributeWarning(at, "Access Key Expired",
			fmt.Sprintf("Key %q expired at %s and the service no longer honours it: the plan replaces it with a new key "+
				"(a new access key and secret).", state.ID.ValueString(), current.Format(time.RFC3339)))
		return true
	}
	diags.AddAttributeWarning(at, "Access Key Expired", expiredDetail(state.ID.ValueString(), current, now))
	return false
}

// expiredDetail says that a key expired and what to do about it.
func expiredDetail(id string, expiredAt, now time.Time) string {
	return fmt.Sprintf("Key %q expired at %s (%s ago) and the service no longer honours it. The plan leaves it as it is. "+
		"For a working key, set expires_at to a time in the future (or remove it): the plan then replaces the key with a new "+
		"one, with a new access key and secret. To revoke it for good, remove the resource.",
		id, expiredAt.Format(time.RFC3339), backend.SpellDuration(now.Sub(expiredAt)))
}

// hasPassed reports whether an expiry is set and lies at or before now.
func hasPassed(expiresAt, now time.Time) bool {
	return !expiresAt.IsZero() && !expiresAt.After(now)
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
