// Command peerprovider stands in for the providers whose key resources
// objectstorage_access_key takes over with a moved block: linode/linode,
// aminueza/minio, glesys/glesys, hashicorp/aws and digitalocean/digitalocean.
// Their real builds need services, or
// modules the Go proxy here does not serve; what a move depends on is only
// the state they store, so this declares each source resource's published
// schema (attribute names, types and kinds, as read from the providers'
// public source at Linode v3.13.0, MinIO v3.40.1, GleSYS v0.17.0 and
// DigitalOcean's digitalocean/spaces/spaces_entities.go) and stores, on
// create, the attributes the test wrote for
// it into the file OBJECTSTORAGE_PEER_STATES names: "type:config value"
// to attributes, the config value being the label, name or description
// that each resource's configuration sets. minio_iam_service_account is
// made for real instead, with the admin request the MinIO provider sends
// (minio.go), since what MinIO stores for it decides how it moves.
//
// aws_iam_access_key, with the user and policy it belongs to, is made for
// real too (aws.go), on the IAM API the AWS variables name.
//
// One binary serves all five: it is installed as terraform-provider-linode,
// -minio, -glesys, -aws and -digitalocean, and serves the provider its name
// says.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func main() {
	name := strings.TrimPrefix(filepath.Base(os.Args[0]), "terraform-provider-")
	peer, ok := peers[name]
	if !ok {
		log.Fatalf("peerprovider: installed as %q, not as one of linode, minio, glesys, aws, digitalocean", os.Args[0])
	}
	err := providerserver.Serve(context.Background(), func() provider.Provider { return peer }, providerserver.ServeOpts{
		Address: "registry.terraform.io/" + peer.namespace + "/" + name,
	})
	if err != nil {
		log.Fatal(err)
	}
}

// The MinIO and GleSYS providers are built on terraform-plugin-sdk v2,
// which stores "" for an optional string the configuration leaves out;
// Terraform allows that of SDK v2 providers only, so the stand-in
// declares such attributes optional and computed: the state it stores has
// the same shape.
var (
	sdkString   = schema.StringAttribute{Optional: true, Computed: true}
	computedStr = schema.StringAttribute{Computed: true}
	secret      = schema.StringAttribute{Computed: true, Sensitive: true}
	writeOnly   = schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true}
	version     = schema.NumberAttribute{Optional: true}
)

var peers = map[string]*peerProvider{
	"linode": {name: "linode", namespace: "linode", resources: []*peerResource{{
		typeName: "linode_object_storage_key", keyAttribute: "label",
		schema: schema.Schema{
			Attributes: map[string]schema.Attribute{
				"id":         computedStr,
				"label":      schema.StringAttribute{Required: true},
				"access_key": computedStr,
				"secret_key": secret,
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
	}}},
	"minio": {name: "minio", namespace: "aminueza", resources: []*peerResource{
		{
			typeName: "minio_iam_service_account", keyAttribute: "name", create: createServiceAccount,
			schema: schema.Schema{Attributes: map[string]schema.Attribute{
				"id":                    computedStr,
				"target_user":           schema.StringAttribute{Required: true},
				"access_key":            computedStr,
				"secret_key":            secret,
				"secret_key_wo":         writeOnly,
				"secret_key_wo_version": version,
				"status":                computedStr,
				"disable_user":          schema.BoolAttribute{Optional: true, Computed: true},
				"update_secret":         schema.BoolAttribute{Optional: true, Computed: true},
				"policy":                sdkString,
				"name":                  sdkString,
				"description":           sdkString,
				"expiration":            schema.StringAttribute{Optional: true, Computed: true},
			}},
		},
		{
			typeName: "minio_accesskey", keyAttribute: "description",
			schema: schema.Schema{Attributes: map[string]schema.Attribute{
				"id":                    computedStr,
				"user":                  schema.StringAttribute{Required: true},
				"access_key":            schema.StringAttribute{Optional: true, Computed: true, Sensitive: true},
				"secret_key":            schema.StringAttribute{Optional: true, Computed: true, Sensitive: true},
				"secret_key_wo":         writeOnly,
				"secret_key_wo_version": version,
				"secret_key_version":    sdkString,
				"status":                schema.StringAttribute{Optional: true, Computed: true},
				"policy":                sdkString,
				"description":           sdkString,
			}},
		},
	}},
	"aws": {name: "aws", namespace: "hashicorp", resources: awsResources},
	// digitalocean_spaces_key is terraform-plugin-sdk v2: its grant list is
	// a block, stored as [] when the configuration has none.
	"digitalocean": {name: "digitalocean", namespace: "digitalocean", resources: []*peerResource{{
		typeName: "digitalocean_spaces_key", keyAttribute: "name",
		schema: schema.Schema{
			Attributes: map[string]schema.Attribute{
				"id":         computedStr,
				"name":       schema.StringAttribute{Required: true},
				"access_key": computedStr,
				"secret_key": secret,
				"created_at": computedStr,
			},
			Blocks: map[string]schema.Block{
				"grant": schema.ListNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"bucket":     schema.StringAttribute{Required: true},
					"permission": schema.StringAttribute{Required: true},
				}}},
			},
		},
	}}},
	"glesys": {name: "glesys", namespace: "glesys", resources: []*peerResource{{
		typeName: "glesys_objectstorage_credential", keyAttribute: "description",
		schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"id":          computedStr,
			"instanceid":  schema.StringAttribute{Required: true},
			"accesskey":   computedStr,
			"secretkey":   secret,
			"created":     computedStr,
			"description": sdkString,
		}},
	}}},
}

type peerProvider struct {
	name, namespace string
	resources       []*peerResource
}

func (p *peerProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = p.name
}

// Schema is open: the stand-in needs no settings, and any the real
// provider's block would carry are not part of a move.
func (p *peerProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *peerProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *peerProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (p *peerProvider) Resources(context.Context) []func() resource.Resource {
	out := make([]func() resource.Resource, len(p.resources))
	for i, r := range p.resources {
		out[i] = func() resource.Resource { return r }
	}
	return out
}

// peerResource stores the attributes the test wrote for it, or, with
// create, makes the resource as its provider does.
type peerResource struct {
	typeName     string
	keyAttribute string
	schema       schema.Schema
	create       func(ctx context.Context, plan tfsdk.Plan, typ tftypes.Type) (tftypes.Value, error)
}

func (r *peerResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.typeName
}

func (r *peerResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema
}

func (r *peerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if r.create != nil {
		state, err := r.create(ctx, req.Plan, req.Plan.Raw.Type())
		if err != nil {
			resp.Diagnostics.AddError("Create Error", err.Error())
			return
		}
		resp.State.Raw = state
		return
	}
	var key types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(r.keyAttribute), &key)...)
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
func (r *peerResource) stored(key string, typ tftypes.Type) (tftypes.Value, error) {
	file := os.Getenv("OBJECTSTORAGE_PEER_STATES")
	raw, err := os.ReadFile(file)
	if err != nil {
		return tftypes.Value{}, fmt.Errorf("read OBJECTSTORAGE_PEER_STATES: %w", err)
	}
	var states map[string]json.RawMessage
	if err := json.Unmarshal(raw, &states); err != nil {
		return tftypes.Value{}, fmt.Errorf("%s: %w", file, err)
	}
	attributes, ok := states[r.typeName+":"+key]
	if !ok {
		return tftypes.Value{}, fmt.Errorf("%s holds no state for %s:%s", file, r.typeName, key)
	}
	return tftypes.ValueFromJSON(attributes, typ)
}

// Read keeps the state: the stand-in calls no service.
func (r *peerResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *peerResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (r *peerResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
