// Package peerkit stands in for the providers whose key resources move
// into objectstorage_access_key with a moved block. Their real builds
// need services, or modules the Go proxy does not serve; what a move
// depends on is only the state they store. So each backend's fixture
// declares its peers' resources: the published schema (attribute names,
// types and kinds, as read from that provider's public source) and, where
// what the service answers decides the state, a create that makes the key
// for real as that provider does. The stand-in binary
// (internal/provider/testdata/peerprovider) serves them all; it is
// installed once under each peer's name and serves the provider its name
// says.
//
// A resource without its own create stores, on create, the attributes the
// test wrote for it into the file OBJECTSTORAGE_PEER_STATES names:
// "type:config value" to attributes, the config value being the resource's
// KeyAttribute (its label, name or description).
package peerkit

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Provider is another provider whose key resources move into
// objectstorage_access_key.
type Provider struct {
	// Name is its type ("linode"), Namespace its registry namespace
	// ("linode").
	Name, Namespace string
	Resources       []*Resource
}

// Address is the provider's address without its registry host.
func (p Provider) Address() string { return p.Namespace + "/" + p.Name }

// Resource is one resource type of a peer.
type Resource struct {
	Type string
	// KeyAttribute is the attribute a test's stored state is found by.
	KeyAttribute string
	Schema       schema.Schema
	// Create, when set, makes the resource as its provider does and
	// returns the state that provider stores.
	Create func(ctx context.Context, plan tfsdk.Plan, typ tftypes.Type) (tftypes.Value, error)
}

// Attributes of the kinds the peers' schemas share. The MinIO and GleSYS
// providers are built on terraform-plugin-sdk v2, which stores "" for an
// optional string the configuration leaves out; Terraform allows that of
// SDK v2 providers only, so the stand-in declares such attributes optional
// and computed (SDKString): the state it stores has the same shape.
var (
	SDKString = schema.StringAttribute{Optional: true, Computed: true}
	Computed  = schema.StringAttribute{Computed: true}
	Secret    = schema.StringAttribute{Computed: true, Sensitive: true}
	WriteOnly = schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true}
	Version   = schema.NumberAttribute{Optional: true}
)

// Known is a planned string's value, or def when it is null or unknown.
func Known(s types.String, def string) string {
	if s.IsNull() || s.IsUnknown() {
		return def
	}
	return s.ValueString()
}

// State is the state a create stores: attributes, as the peer's provider
// writes them, in the resource's type.
func State(attributes map[string]any, typ tftypes.Type) (tftypes.Value, error) {
	raw, err := json.Marshal(attributes)
	if err != nil {
		return tftypes.Value{}, err
	}
	return tftypes.ValueFromJSONWithOpts(raw, typ, tftypes.ValueFromJSONOpts{})
}
