package b2test

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest/peerkit"
)

// peers are the resources of the provider Backblaze/b2 whose keys move
// onto this backend, as the stand-in serves them: b2_application_key's
// schema of its public source (b2/resource_b2_application_key.go, tag
// v0.13.0; terraform-plugin-sdk v2, schema version 0).
var peers = []peerkit.Provider{{Name: "b2", Namespace: "Backblaze", Resources: []*peerkit.Resource{{
	Type: "b2_application_key", KeyAttribute: "key_name",
	Schema: schema.Schema{Attributes: map[string]schema.Attribute{
		"id":                        peerkit.Computed,
		"key_name":                  schema.StringAttribute{Required: true},
		"capabilities":              schema.SetAttribute{ElementType: types.StringType, Required: true},
		"bucket_id":                 schema.StringAttribute{Optional: true, Computed: true},
		"bucket_ids":                schema.SetAttribute{ElementType: types.StringType, Optional: true, Computed: true},
		"name_prefix":               schema.StringAttribute{Optional: true},
		"valid_duration_in_seconds": schema.Int64Attribute{Optional: true},
		"application_key":           peerkit.Secret,
		"application_key_id":        peerkit.Computed,
		"expiration_timestamp":      schema.Int64Attribute{Computed: true},
		"options":                   schema.SetAttribute{ElementType: types.StringType, Computed: true},
	}},
}}}}
