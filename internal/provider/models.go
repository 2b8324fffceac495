package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// grantModel is one element of a key's bucket_access set.
type grantModel struct {
	Bucket     types.String `tfsdk:"bucket"`
	Permission types.String `tfsdk:"permission"`
	Region     types.String `tfsdk:"region"`
}

var grantObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"bucket":     types.StringType,
	"permission": types.StringType,
	"region":     types.StringType,
}}

// grantsFromSet reads a bucket_access set. known is false when any part is
// still unknown at plan time.
func grantsFromSet(ctx context.Context, set types.Set) (grants []backend.Grant, known bool, diags diag.Diagnostics) {
	if set.IsUnknown() {
		return nil, false, nil
	}
	if set.IsNull() {
		return nil, true, nil
	}
	var models []grantModel
	diags.Append(set.ElementsAs(ctx, &models, false)...)
	known = true
	grants = []backend.Grant{}
	for _, m := range models {
		if m.Bucket.IsUnknown() || m.Permission.IsUnknown() || m.Region.IsUnknown() {
			known = false
			continue
		}
		grants = append(grants, backend.Grant{
			Bucket:     m.Bucket.ValueString(),
			Permission: backend.Permission(m.Permission.ValueString()),
			Region:     m.Region.ValueString(),
		})
	}
	return grants, known, diags
}

// grantsToSet is the bucket_access set of a key's grants; an empty region
// is null, as in a configuration that leaves it out.
func grantsToSet(grants []backend.Grant) (types.Set, diag.Diagnostics) {
	elems := make([]attr.Value, 0, len(grants))
	for _, g := range grants {
		region := types.StringNull()
		if g.Region != "" {
			region = types.StringValue(g.Region)
		}
		elems = append(elems, types.ObjectValueMust(grantObjectType.AttrTypes, map[string]attr.Value{
			"bucket":     types.StringValue(g.Bucket),
			"permission": types.StringValue(string(g.Permission)),
			"region":     region,
		}))
	}
	return types.SetValue(grantObjectType, elems)
}

// stringsFromSet reads a set of strings; null and unknown read as nil.
func stringsFromSet(ctx context.Context, set types.Set) ([]string, diag.Diagnostics) {
	if set.IsNull() || set.IsUnknown() {
		return nil, nil
	}
	var out []string
	diags := set.ElementsAs(ctx, &out, false)
	return out, diags
}
