package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
)

// A key whose expiry has passed is left as it is while the configuration
// keeps that expiry, with a warning that names it, and replaced when the
// configuration gives a new one; a past time given anew is an error.
func TestPlanExpiry(t *testing.T) {
	now := time.Date(2027, 1, 31, 12, 0, 0, 0, time.UTC)
	caps := minio.Kind.Capabilities
	expired := &accessKeyModel{ID: types.StringValue("AKEXPIRED"), ExpiresAt: types.StringValue("2027-01-31T11:00:00Z")}
	current := &accessKeyModel{ID: types.StringValue("AKCURRENT"), ExpiresAt: types.StringValue("2027-03-01T00:00:00Z")}
	for _, tc := range []struct {
		state        *accessKeyModel
		planned      types.String
		wantReplace  bool
		wantError    string
		wantWarnings int
	}{
		{state: expired, planned: types.StringValue("2027-02-01T12:00:00Z"), wantReplace: true, wantWarnings: 1},
		{state: expired, planned: types.StringNull(), wantReplace: true, wantWarnings: 1},
		{state: expired, planned: types.StringValue("2027-01-31T11:00:00Z"), wantWarnings: 1},
		{state: expired, planned: types.StringValue("2027-01-31T12:00:00+01:00"), wantWarnings: 1}, // the same instant
		{state: expired, planned: types.StringValue("2027-01-31T12:05:00Z"), wantReplace: true, wantWarnings: 1, wantError: "lies 5 minutes ahead"},
		{state: nil, planned: types.StringValue("2027-01-31T11:00:00Z"), wantError: "60 minutes in the past"},
		{state: current, planned: types.StringValue("2027-01-31T11:00:00Z"), wantError: "60 minutes in the past"},
		{state: current, planned: types.StringValue("2027-03-01T00:00:00Z")},
	} {
		var diags diag.Diagnostics
		plan := accessKeyModel{ExpiresAt: tc.planned}
		replace := planExpiry(plan, tc.state, caps, now, &diags)
		name := fmt.Sprintf("%v, planned %s", tc.state != nil && tc.state == expired, tc.planned)
		if replace != tc.wantReplace || diags.WarningsCount() != tc.wantWarnings {
			t.Errorf("%s: replace %v with %d warnings, want %v with %d", name, replace, diags.WarningsCount(), tc.wantReplace, tc.wantWarnings)
		}
		if w := diags.Warnings(); len(w) > 0 && !strings.Contains(w[0].Detail(), `Key "AKEXPIRED" expired at 2027-01-31T11:00:00Z`) {
			t.Errorf("%s: warning %q does not name the key and its expiry", name, w[0].Detail())
		}
		if got := diags.Errors(); (tc.wantError == "") != (len(got) == 0) || len(got) > 0 && !strings.Contains(got[0].Detail(), tc.wantError) {
			t.Errorf("%s: errors %v, want one with %q", name, got, tc.wantError)
		}
	}
}

// A key is due for rotation at created_at plus rotation_days, not a second
// before, and the warning says how old it is.
func TestPlanRotation(t *testing.T) {
	state := &accessKeyModel{ID: types.StringValue("AKOLD"), CreatedAt: types.StringValue("2027-01-01T00:00:00Z")}
	for _, tc := range []struct {
		now  time.Time
		days int64
		due  bool
	}{
		{time.Date(2027, 1, 30, 23, 59, 59, 0, time.UTC), 30, false},
		{time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC), 30, true},
		{time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), 90, false},
	} {
		var diags diag.Diagnostics
		plan := accessKeyModel{RotationDays: types.Int64Value(tc.days)}
		if due := planRotation(&plan, state, tc.now, &diags); due != tc.due {
			t.Errorf("%s, %d days: due %v, want %v", tc.now, tc.days, due, tc.due)
		}
		if tc.due && (diags.WarningsCount() != 1 || !strings.Contains(diags.Warnings()[0].Detail(), `Key "AKOLD" was made at 2027-01-01T00:00:00Z, 30 days ago`)) {
			t.Errorf("due without the warning that says why: %v", diags)
		}
		if !tc.due && plan.RotateAt.IsUnknown() {
			t.Errorf("a key not due has an unknown rotate_at")
		}
	}
}
