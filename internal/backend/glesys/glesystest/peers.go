package glesystest

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest/peerkit"
)

// peers are the resources of the provider glesys/glesys, whose keys move onto this
// backend, as the stand-in serves them: the schema of its public source at v0.17.0.
var peers = []peerkit.Provider{{Name: "glesys", Namespace: "glesys", Resources: []*peerkit.Resource{{
	Type: "glesys_objectstorage_credential", KeyAttribute: "description",
	Schema: schema.Schema{Attributes: map[string]schema.Attribute{
		"id":          peerkit.Computed,
		"instanceid":  schema.StringAttribute{Required: true},
		"accesskey":   peerkit.Computed,
		"secretkey":   peerkit.Secret,
		"created":     peerkit.Computed,
		"description": peerkit.SDKString,
	}},
}}}}
