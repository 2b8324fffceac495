package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

// identityModel is objectstorage_access_key's resource identity: the id
// that names the key on its backend, as import takes it.
type identityModel struct {
	ID types.String `tfsdk:"id"`
}

// IdentitySchema lets Terraform 1.12 and later import a key by identity
// (import { identity = { id = ... } }) and list resources name what they
// find.
func (r *accessKeyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{
			RequiredForImport: true,
			Description:       "The key's id: " + strings.ReplaceAll(backends.KeyIDs(), "`", "") + ".",
		},
	}}
}

// setIdentity records a key's identity in a response that carries one
// (Terraform before 1.12 asks for none).
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id types.String) diag.Diagnostics {
	if identity == nil || id.IsNull() || id.IsUnknown() {
		return nil
	}
	return identity.Set(ctx, identityModel{ID: id})
}

// importID is the id an import names: the import command's or block's id,
// or the id of the identity an import block gives instead.
func importID(ctx context.Context, req resource.ImportStateRequest) (string, diag.Diagnostics) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, nil
	}
	var identity identityModel
	diags := req.Identity.Get(ctx, &identity)
	return identity.ID.ValueString(), diags
}
