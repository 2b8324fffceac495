package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
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

func (r *accessKeyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An access key for S3-compatible object storage, optionally limited to some buckets. " +
			"The secret is shown by the service only when the key is created; it is kept in state as `secret_key`. " +
			"Whether a change is made in place or replaces the key (a new access key and secret) depends on the backend; " +
			"the plan says which before anything is applied.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The key's id, one string that names it everywhere (the import id, the data source's `id`, a grant's `key_id`): " +
					backends.KeyIDs() + ".",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The key's name: " + backends.KeyNames() + ". " +
					backends.ChangeSentence(backend.FieldName),
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), printable{}},
			},
			"bucket_access": schema.SetNestedAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The buckets this key may use and how. Leave it out for an unrestricted key (unless `limited = true`); " +
					"`[]` makes a key that reaches no bucket. When it is left out the resource does not manage the key's grants: " +
					"they belong to `objectstorage_bucket_access` resources, or to nobody, and the attribute shows them as the " +
					"service reports them without ever planning a change, a `custom` grant included (a policy changed outside " +
					"Terraform, or written by another client, into one this provider does not write). Removing it from the " +
					"configuration of a limited key " +
					"leaves the key's grants as they are (set `limited = false` to lift the limit). " +
					backends.ChangeSentence(backend.FieldGrants),
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
							MarkdownDescription: "The bucket's region. Required on " + backends.Having(hasGrantRegions) + ", rejected on other backends.",
						},
					},
				},
			},
			"limited": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Whether the key reaches only the buckets it is granted. Defaults to `true` when `bucket_access` is set; " +
					"otherwise to `false` for a new key and to the key's own value for an existing one, so that a limited key never " +
					"becomes unrestricted unless `limited = false` says so. `limited = true` without `bucket_access` makes a key whose " +
					"grants come from `objectstorage_bucket_access` resources (or none). `limited = false` cannot be combined with " +
					"`bucket_access`. " + backends.ChangeSentence(backend.FieldLimited),
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
					"Null for imported keys on backends that never show a secret again (" +
					backends.Having(func(c backend.Capabilities) bool { return !c.SecretReadable }) + ").",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"regions": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				MarkdownDescription: "The regions the key may be used in, where the backend scopes keys by region; it must include " +
					"every `bucket_access` region. At least one region: `[]` is refused at plan time; leave `regions` out for the " +
					"service's choice (null where the service reports no regions). " + backends.ChangeSentence(backend.FieldRegions),
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
				Validators:    []validator.Set{setvalidator.SizeAtLeast(1)},
			},
			"instance_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The object-storage instance the key belongs to, where the backend groups keys by instance (and " +
					"requires it). " + backends.ChangeSentence(backend.FieldInstance),
			},
			"enabled": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Whether the service honours the key. `false` switches the key off without revoking it: " +
					"requests signed with it are refused until it is switched on again, with the same secret. A key switched " +
					"off or on outside Terraform shows as a change in the plan. " + backends.ChangeSentence(backend.FieldEnabled),
			},
			"expires_at": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "When the service itself stops honouring the key, as an RFC 3339 timestamp such as " +
					"`2027-01-31T12:00:00Z`. A new or changed value must lie in the future, within the backend's limits " +
					"(" + backends.ExpiryLimits() + "), checked at plan time. Once it has passed, the key no longer works and every " +
					"plan warns so, naming the key and when it expired, but leaves it as it is (even where the service has since " +
					"removed it) and plans the rest of the workspace: give it a new time, or remove it, and the plan replaces " +
					"the key with a new one. " + backends.ChangeSentence(backend.FieldExpiresAt),
				Validators: []validator.String{rfc3339{}},
			},
			"secret_key_wo": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				MarkdownDescription: "A secret for the key that the configuration brings, for example from an ephemeral " +
					"resource, instead of one the service makes (Terraform 1.11 or later). It is write-only: it never enters " +
					"the plan or state, and `secret_key` stays null. Needs `secret_key_wo_version`; a new version gives the key " +
					"this secret, in place. " + backends.ChangeSentence(backend.FieldSecret),
				Validators: []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("secret_key_wo_version"))},
			},
			"secret_key_wo_version": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "The version of `secret_key_wo`: change it to give the key the secret `secret_key_wo` " +
					"holds now. Terraform cannot see a write-only value change, so without a new version a new secret is ignored.",
				Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("secret_key_wo"))},
			},
			"rotation_days": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Replace the key (a new access key and secret) once it is this many days old: the first plan " +
					"after `rotate_at` replaces it and says why. Add `lifecycle { create_before_destroy = true }` so that the new " +
					"key exists before the old one is revoked. A change of `rotation_days` alone makes no call to the service.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"rotation_triggers": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Arbitrary values; any change replaces the key, like `keepers` of the random provider. Use it " +
					"to rotate on an event, such as a new release or a `time_rotating` resource's id.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"created_at": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "When the key was made (RFC 3339): as the service says where it does (" +
					backends.Having(func(c backend.Capabilities) bool { return c.ReportsCreation }) + "), else by the provider's " +
					"clock when it made the key, or when it first read a key it did not make (an import).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"rotate_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the key falls due for rotation: `created_at` plus `rotation_days`; null without `rotation_days`.",
			},
			"timeouts": timeoutsAttribute(ctx),
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
	m.ExpiresAt = sameInstantOr(m.ExpiresAt, key.ExpiresAt)
	return diags
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
