package cloudflaretest

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest/peerkit"
)

// tokenSchema is the schema of cloudflare_account_token and
// cloudflare_api_token as cloudflare/cloudflare v5.22.0 declares it
// (internal/services/account_token/schema.go; plugin framework, schema
// version 501): policies a list, their resources a JSON string, the token's
// value computed and sensitive.
func tokenSchema(withAccount bool) schema.Schema {
	attributes := map[string]schema.Attribute{
		"id":   peerkit.Computed,
		"name": schema.StringAttribute{Required: true},
		"policies": schema.ListNestedAttribute{Required: true, NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":     peerkit.Computed,
			"effect": schema.StringAttribute{Required: true},
			"permission_groups": schema.ListNestedAttribute{Required: true, NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id": schema.StringAttribute{Required: true},
				"meta": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
					"key": schema.StringAttribute{Optional: true}, "value": schema.StringAttribute{Optional: true},
				}},
			}}},
			"resources": schema.StringAttribute{Required: true},
		}}},
		"condition": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
			"request_ip": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
				"in":     schema.ListAttribute{ElementType: types.StringType, Optional: true},
				"not_in": schema.ListAttribute{ElementType: types.StringType, Optional: true},
			}},
		}},
		"expires_on":   schema.StringAttribute{Optional: true},
		"not_before":   schema.StringAttribute{Optional: true},
		"status":       peerkit.SDKString,
		"issued_on":    peerkit.Computed,
		"modified_on":  peerkit.Computed,
		"last_used_on": peerkit.Computed,
		"value":        peerkit.Secret,
	}
	if withAccount {
		attributes["account_id"] = schema.StringAttribute{Required: true}
	}
	return schema.Schema{Version: 501, Attributes: attributes}
}

// peers are the resources of the provider cloudflare/cloudflare whose keys
// move onto this backend (a cloudflare_api_token is refused, with what to
// do), as the stand-in serves them.
var peers = []peerkit.Provider{{Name: "cloudflare", Namespace: "cloudflare", Resources: []*peerkit.Resource{
	{Type: "cloudflare_account_token", KeyAttribute: "name", Schema: tokenSchema(true)},
	{Type: "cloudflare_api_token", KeyAttribute: "name", Schema: tokenSchema(false)},
}}}
