package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

var (
	_ ephemeral.EphemeralResource              = (*ephemeralAccessKey)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*ephemeralAccessKey)(nil)
	_ ephemeral.EphemeralResourceWithClose     = (*ephemeralAccessKey)(nil)
)

// defaultTTL is how long an ephemeral key lives at most where the service
// can expire keys.
const defaultTTL = time.Hour

// NewEphemeralAccessKey returns the objectstorage_access_key ephemeral
// resource: a key made when a run opens it and revoked when the run closes
// it, never written to plan or state.
func NewEphemeralAccessKey() ephemeral.EphemeralResource { return &ephemeralAccessKey{} }

type ephemeralAccessKey struct {
	data *providerData
}

// ephemeralKeyModel is the ephemeral resource's configuration and result.
type ephemeralKeyModel struct {
	Name         types.String `tfsdk:"name"`
	BucketAccess types.Set    `tfsdk:"bucket_access"`
	InstanceID   types.String `tfsdk:"instance_id"`
	TTL          types.String `tfsdk:"ttl"`
	ID           types.String `tfsdk:"id"`
	AccessKey    types.String `tfsdk:"access_key"`
	SecretKey    types.String `tfsdk:"secret_key"`
	ExpiresAt    types.String `tfsdk:"expires_at"`
}

// privateKeyID is where Open leaves the key's id for Close.
const privateKeyID = "key_id"

func (e *ephemeralAccessKey) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_key"
}

func (e *ephemeralAccessKey) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A key that lives for one Terraform run (Terraform 1.10 or later): made when the run opens it, handed " +
			"to providers and provisioners, and revoked when the run closes it. It is never written to plan or state. " +
			"Where the service can expire keys (" + backends.Having(hasExpiry) + ") the key also expires after `ttl`, so a run " +
			"that is killed leaves no key that works for longer; elsewhere a killed run leaves the key behind, and " +
			"`objectstorage_access_keys` with `name_prefix` finds it.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The key's name, as for the `objectstorage_access_key` resource.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1), printable{}},
			},
			"bucket_access": schema.SetNestedAttribute{
				Optional: true,
				MarkdownDescription: "The buckets the key may use and how, as for the resource; left out, the key is " +
					"unrestricted, and `[]` reaches no bucket.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"bucket": schema.StringAttribute{Required: true, MarkdownDescription: "The bucket's name.", Validators: []validator.String{s3BucketName{}}},
					"permission": schema.StringAttribute{
						Required: true, MarkdownDescription: "`read_only` or `read_write`.",
						Validators: []validator.String{stringvalidator.OneOf(backend.Permissions...)},
					},
					"region": schema.StringAttribute{Optional: true, MarkdownDescription: "The bucket's region (" + backends.Having(hasGrantRegions) + ")."},
				}},
			},
			"instance_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The object-storage instance the key belongs to (" + backends.Having(isInstanceScoped) + ").",
			},
			"ttl": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long the key may live, such as `\"30m\"` or `\"2h\"`; `1h` by default. Where the service " +
					"can expire keys it must lie within the service's limits (" + backends.ExpiryLimits() + ").",
				Validators: []validator.String{duration{}},
			},
			"id":         schema.StringAttribute{Computed: true, MarkdownDescription: "The key's id."},
			"access_key": schema.StringAttribute{Computed: true, MarkdownDescription: "The public half of the key."},
			"secret_key": schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "The secret half of the key."},
			"expires_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the service stops honouring the key (RFC 3339); null where the service cannot expire keys.",
			},
		},
	}
}

func (e *ephemeralAccessKey) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *ephemeralAccessKey) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	ctx = maskSecrets(ctx)
	var config ephemeralKeyModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if e.data == nil {
		resp.Diagnostics.AddError("Open Ephemeral Access Key Error",
			"The provider is not configured, so it cannot make the key. Check the provider block's settings.")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	grants, _, diags := grantsFromSet(ctx, config.BucketAccess)
	resp.Diagnostics.Append(diags...)
	spec := backend.KeySpec{
		Name:       config.Name.ValueString(),
		Limited:    !config.BucketAccess.IsNull(),
		Grants:     grants,
		InstanceID: config.InstanceID.ValueString(),
	}
	caps := e.data.backend.Capabilities()
	ttl := defaultTTL
	if !config.TTL.IsNull() {
		ttl, _ = time.ParseDuration(config.TTL.ValueString())
	}
	if caps.Expiry {
		if l := caps.ExpiryWithin; ttl < l.Min || l.Max > 0 && ttl > l.Max {
			resp.Diagnostics.AddAttributeError(path.Root("ttl"), "Invalid TTL",
				fmt.Sprintf("A ttl of %s is outside what this backend takes: an expiry %s.", ttl, l))
			return
		}
		spec.ExpiresAt = e.data.now().Add(ttl).UTC().Truncate(time.Second)
	}
	addValidationErrors(&resp.Diagnostics, ephemeralKeyPaths, e.data.backend.Validate(spec))
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, op := startOperation(ctx, timeouts.Value{}, opCreate, &resp.Diagnostics)
	defer cancel()
	key, err := e.data.backend.CreateKey(ctx, spec)
	if err != nil {
		op.addError(ctx, &resp.Diagnostics, "Open Ephemeral Access Key Error", "create the key", e.removeUnfinished(ctx, err))
		return
	}
	tflog.Info(ctx, "opened ephemeral access key", map[string]any{"id": key.ID, "name": key.Name})
	id, _ := json.Marshal(key.ID)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateKeyID, id)...)
	config.ID = types.StringValue(key.ID)
	config.AccessKey = types.StringValue(key.AccessKey)
	config.SecretKey = types.StringValue(key.SecretKey)
	config.ExpiresAt = sameInstantOr(types.StringNull(), spec.ExpiresAt)
	resp.Diagnostics.Append(resp.Result.Set(ctx, config)...)
}

// unfinishedRemoveTimeout bounds the removal of a key a failed Open may
// have made; it runs even when the open's own deadline has passed.
const unfinishedRemoveTimeout = 30 * time.Second

// removeUnfinished removes the key a create that failed may have made and
// the backend handed back (backend.UncertainCreateError): an ephemeral key
// is for this run, which ends with the error, so nothing would ever close
// it. It returns the create's error with what became of the key.
func (e *ephemeralAccessKey) removeUnfinished(ctx context.Context, err error) error {
	var uncertain *backend.UncertainCreateError
	if !errors.As(err, &uncertain) || uncertain.Key == nil {
		return err
	}
	id := uncertain.Key.ID
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), unfinishedRemoveTimeout)
	defer cancel()
	if rmErr := e.data.backend.DeleteUnconfirmed(ctx, id); rmErr != nil {
		return fmt.Errorf("%w; key %q, which it made or may have made, could not be removed either: %w", err, id, rmErr)
	}
	tflog.Info(ctx, "removed the key a failed open may have made", map[string]any{"id": id})
	return fmt.Errorf("%w; key %q, which it made or may have made, was removed", err, id)
}

// Close revokes the key Open made; one already gone is not an error.
func (e *ephemeralAccessKey) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	ctx = maskSecrets(ctx)
	raw, diags := req.Private.GetKey(ctx, privateKeyID)
	resp.Diagnostics.Append(diags...)
	var id string
	if err := json.Unmarshal(raw, &id); err != nil || id == "" || e.data == nil {
		return // Open made no key.
	}
	ctx, cancel, op := startOperation(ctx, timeouts.Value{}, opDelete, &resp.Diagnostics)
	defer cancel()
	if err := e.data.backend.DeleteKey(ctx, id); err != nil {
		op.addError(ctx, &resp.Diagnostics, "Close Ephemeral Access Key Error", fmt.Sprintf("revoke key %q", id), err)
		return
	}
	tflog.Info(ctx, "revoked ephemeral access key", map[string]any{"id": id})
}

// ephemeralKeyPaths: the ephemeral resource holds a grant's region inside
// bucket_access, and its expiry comes from ttl.
var ephemeralKeyPaths = fieldPaths{backend.FieldGrantRegion: "bucket_access", backend.FieldExpiresAt: "ttl"}
