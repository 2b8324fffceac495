package linodetest

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest/peerkit"
)

// peers are the resources of the provider linode/linode, whose keys move onto this
// backend, as the stand-in serves them: the schema of its public source at v3.13.0.
var peers = []peerkit.Provider{{Name: "linode", Namespace: "linode", Resources: []*peerkit.Resource{{
	Type: "linode_object_storage_key", KeyAttribute: "label",
	Schema: schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id":         peerkit.Computed,
			"label":      schema.StringAttribute{Required: true},
			"access_key": peerkit.Computed,
			"secret_key": peerkit.Secret,
			"limited":    schema.BoolAttribute{Computed: true},
			"regions":    schema.SetAttribute{ElementType: types.StringType, Optional: true, Computed: true},
			"regions_details": schema.SetAttribute{Computed: true, ElementType: types.ObjectType{AttrTypes: map[string]attr.Type{
				"id": types.StringType, "s3_endpoint": types.StringType, "endpoint_type": types.StringType,
			}}},
		},
		Blocks: map[string]schema.Block{
			"bucket_access": schema.SetNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
				"bucket_name": schema.StringAttribute{Required: true},
				"permissions": schema.StringAttribute{Required: true},
				"region":      schema.StringAttribute{Optional: true, Computed: true},
				"cluster":     schema.StringAttribute{Optional: true, Computed: true, DeprecationMessage: "use region"},
			}}},
		},
	},
}}}}
