package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// accessKeyModel is the resource's state and plan.
type accessKeyModel struct {
	ID                 types.String   `tfsdk:"id"`
	Name               types.String   `tfsdk:"name"`
	BucketAccess       types.Set      `tfsdk:"bucket_access"`
	Limited            types.Bool     `tfsdk:"limited"`
	AccessKey          types.String   `tfsdk:"access_key"`
	SecretKey          types.String   `tfsdk:"secret_key"`
	Regions            types.Set      `tfsdk:"regions"`
	InstanceID         types.String   `tfsdk:"instance_id"`
	SecretKeyWO        types.String   `tfsdk:"secret_key_wo"`
	SecretKeyWOVersion types.Int64    `tfsdk:"secret_key_wo_version"`
	Enabled            types.Bool     `tfsdk:"enabled"`
	ExpiresAt          types.String   `tfsdk:"expires_at"`
	RotationDays       types.Int64    `tfsdk:"rotation_days"`
	RotationTriggers   types.Map      `tfsdk:"rotation_triggers"`
	CreatedAt          types.String   `tfsdk:"created_at"`
	RotateAt           types.String   `tfsdk:"rotate_at"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

// changesService reports whether the model asks the service for anything
// state does not already have.
func (m accessKeyModel) changesService(state accessKeyModel) bool {
	for _, rule := range backend.Rules {
		if !m.value(rule.Field).Equal(state.value(rule.Field)) {
			return true
		}
	}
	return false
}

// spec is the key the model asks for, and which of its attributes are not
// known yet (their validation waits for apply).
func (m accessKeyModel) spec(ctx context.Context) (backend.KeySpec, map[backend.Field]bool, diag.Diagnostics) {
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
		Disabled:   !m.Enabled.IsNull() && !m.Enabled.IsUnknown() && !m.Enabled.ValueBool(),
		ExpiresAt:  timeOf(m.ExpiresAt),
	}
	unknown := map[backend.Field]bool{
		backend.FieldName:        m.Name.IsUnknown(),
		backend.FieldGrants:      !grantsKnown,
		backend.FieldGrantRegion: !grantsKnown,
		backend.FieldRegions:     m.Regions.IsUnknown(),
		backend.FieldInstance:    m.InstanceID.IsUnknown(),
		backend.FieldEnabled:     m.Enabled.IsUnknown(),
		backend.FieldExpiresAt:   m.ExpiresAt.IsUnknown(),
	}
	return spec, unknown, diags
}

// keepUnconfiguredGrants leaves a key's grants as the service holds them
// when the configuration has no bucket_access: they are shown, never
// planned, so neither a plan nor an update checks or rewrites them, and a
// grant read as custom (a policy changed outside Terraform, or written by
// another client) fails nothing.
func keepUnconfiguredGrants(spec *backend.KeySpec, config accessKeyModel) {
	if config.BucketAccess.IsNull() {
		spec.Grants, spec.KeepGrants = nil, true
	}
}

// refresh takes what the service reports into the model, grants
// included: a configuration that leaves bucket_access out plans no change
// to them, one that sets it shows their drift.
func (m *accessKeyModel) refresh(key backend.Key, caps backend.Capabilities) diag.Diagnostics {
	var diags diag.Diagnostics
	m.Name = types.StringValue(key.Name)
	m.AccessKey = types.StringValue(key.AccessKey)
	m.Limited = types.BoolValue(key.Limited)
	m.BucketAccess, diags = grantsOf(key)
	if caps.KeyRegions {
		m.Regions = keyRegions(key.Regions)
	}
	if caps.SecretReadable && key.SecretKey != "" {
		m.SecretKey = types.StringValue(key.SecretKey)
	}
	if key.InstanceID != "" {
		m.InstanceID = types.StringValue(key.InstanceID)
	}
	m.Enabled = types.BoolValue(!key.Disabled)
	if !caps.ExpiryFixed || !withinSlack(timeOf(m.ExpiresAt), key.ExpiresAt) {
		m.ExpiresAt = sameInstantOr(m.ExpiresAt, key.ExpiresAt)
	}
	return diags
}

// fixedExpirySlack is how far a fixed expiry may read from the one held: a
// service that takes a duration (Backblaze B2) counts it from its own
// clock when the key is made, a second or two after the provider's.
const fixedExpirySlack = time.Minute

func withinSlack(held, read time.Time) bool {
	return !held.IsZero() && !read.IsZero() && held.Sub(read).Abs() < fixedExpirySlack
}

// setCreated takes a key created at now into the plan: what only the
// service knows, and what the plan left to it. A secret the configuration
// brought (broughtSecret) is not kept.
func (m *accessKeyModel) setCreated(key backend.Key, broughtSecret bool, now time.Time) {
	m.ID = types.StringValue(key.ID)
	m.Name = types.StringValue(key.Name)
	m.AccessKey = types.StringValue(key.AccessKey)
	m.SecretKey = types.StringValue(key.SecretKey)
	if broughtSecret {
		m.SecretKey = types.StringNull()
	}
	m.CreatedAt = firstSeen(types.StringNull(), key.CreatedAt, now)
	m.RotateAt = rotateAt(m.CreatedAt, m.RotationDays)
	m.Limited = types.BoolValue(key.Limited)
	m.setComputed(key)
}

// keyRegions is the regions attribute of a key the service reports in
// regions: null for none, as a configuration that leaves regions out
// says, since regions = [] is refused.
func keyRegions(regions []string) types.Set {
	if len(regions) == 0 {
		return types.SetNull(types.StringType)
	}
	return stringSet(regions)
}

// setComputed fills what the plan left to the service after a write.
func (m *accessKeyModel) setComputed(key backend.Key) {
	if m.Regions.IsUnknown() {
		m.Regions = keyRegions(key.Regions)
	}
	if m.BucketAccess.IsUnknown() {
		m.BucketAccess, _ = grantsOf(key)
	}
}
