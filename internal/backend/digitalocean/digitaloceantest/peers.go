package digitaloceantest

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest/peerkit"
)

// peers are the resources of the provider digitalocean/digitalocean, whose keys move onto this
// backend, as the stand-in serves them: the schema of its public source (digitalocean/spaces/spaces_entities.go); terraform-plugin-sdk v2 stores its grant list, a block, as [] when the configuration has none.
var peers = []peerkit.Provider{{Name: "digitalocean", Namespace: "digitalocean", Resources: []*peerkit.Resource{{
	Type: "digitalocean_spaces_key", KeyAttribute: "name",
	Schema: schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id":         peerkit.Computed,
			"name":       schema.StringAttribute{Required: true},
			"access_key": peerkit.Computed,
			"secret_key": peerkit.Secret,
			"created_at": peerkit.Computed,
		},
		Blocks: map[string]schema.Block{
			"grant": schema.ListNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
				"bucket":     schema.StringAttribute{Required: true},
				"permission": schema.StringAttribute{Required: true},
			}}},
		},
	},
}}}}
