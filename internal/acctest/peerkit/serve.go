package peerkit

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Serve serves the peer the binary is installed as (terraform-provider-NAME).
func Serve(peers []Provider) {
	name := strings.TrimPrefix(filepath.Base(os.Args[0]), "terraform-provider-")
	var names []string
	for _, p := range peers {
		if p.Name == name {
			err := providerserver.Serve(context.Background(), func() provider.Provider { return &peerProvider{p} }, providerserver.ServeOpts{
				Address: "registry.terraform.io/" + p.Address(),
			})
			if err != nil {
				log.Fatal(err)
			}
			return
		}
		names = append(names, p.Name)
	}
	log.Fatalf("peerprovider: installed as %q, not as one of %s", os.Args[0], strings.Join(names, ", "))
}

type peerProvider struct{ Provider }

func (p *peerProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = p.Name
}

// Schema is open: the stand-in needs no settings, and any the real
// provider's block would carry are not part of a move.
func (p *peerProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *peerProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *peerProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (p *peerProvider) Resources(context.Context) []func() resource.Resource {
	out := make([]func() resource.Resource, len(p.Provider.Resources))
	for i, r := range p.Provider.Resources {
		out[i] = func() resource.Resource { return peerResource{r} }
	}
	return out
}

// peerResource stores the attributes the test wrote for it, or, with
// Create, makes the resource as its provider does.
type peerResource struct{ *Resource }

func (r peerResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.Type
}

func (r peerResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.Resource.Schema
}

func (r peerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if r.Resource.Create != nil {
		state, err := r.Resource.Create(ctx, req.Plan, req.Plan.Raw.Type())
		if err != nil {
			resp.Diagnostics.AddError("Create Error", err.Error())
			return
		}
		resp.State.Raw = state
		return
	}
	var key types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(r.KeyAttribute), &key)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state, err := r.stored(key.ValueString(), req.Plan.Raw.Type())
	if err != nil {
		resp.Diagnostics.AddError("Stand-in Error", err.Error())
		return
	}
	resp.State.Raw = state
}

// stored is the state the test wrote for the resource whose key
// attribute has the value key.
func (r peerResource) stored(key string, typ tftypes.Type) (tftypes.Value, error) {
	file := os.Getenv("OBJECTSTORAGE_PEER_STATES")
	raw, err := os.ReadFile(file)
	if err != nil {
		return tftypes.Value{}, fmt.Errorf("read OBJECTSTORAGE_PEER_STATES: %w", err)
	}
	var states map[string]json.RawMessage
	if err := json.Unmarshal(raw, &states); err != nil {
		return tftypes.Value{}, fmt.Errorf("%s: %w", file, err)
	}
	attributes, ok := states[r.Type+":"+key]
	if !ok {
		return tftypes.Value{}, fmt.Errorf("%s holds no state for %s:%s", file, r.Type, key)
	}
	return tftypes.ValueFromJSONWithOpts(attributes, typ, tftypes.ValueFromJSONOpts{})
}

// Read keeps the state: the stand-in calls no service.
func (r peerResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r peerResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (r peerResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
