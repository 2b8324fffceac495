package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

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
