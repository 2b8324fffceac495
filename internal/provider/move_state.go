package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/peers"
)

// movedFromKey is the private-state key that marks a key moved in from
// another provider's resource, until a read or a plan with the provider
// configured has checked that the key's backend is the configured one.
const movedFromKey = "moved_from"

// movedFrom is the value at movedFromKey.
type movedFrom struct {
	Type    string `json:"type"`
	Backend string `json:"backend"`
}

// MoveState takes keys from the other providers' key resources
// (peers.Sources) with a moved block.
func (r *accessKeyResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: moveFromPeer}}
}

// moveFromPeer turns a peer's stored state into this resource's. Terraform
// moves state before it configures any provider, so nothing here calls a
// service: the key, its id and its secret come from the source's state,
// and the first read checks the backend and refreshes the rest.
func moveFromPeer(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	ctx = maskSecrets(ctx)
	if req.SourceRawState == nil || len(req.SourceRawState.JSON) == 0 {
		resp.Diagnostics.AddError("Move Access Key Error", fmt.Sprintf(
			"The %s state came in the old flat-map form, which this provider does not read. Run terraform apply once "+
				"with the configuration as it was before the moved block, so that Terraform stores the state anew, then move again.",
			req.SourceTypeName))
		return
	}
	if req.SourceTypeName == "objectstorage_access_key" {
		moveFromItself(ctx, req, resp)
		return
	}
	source, key, err := peers.Decode(req.SourceProviderAddress, req.SourceTypeName, req.SourceSchemaVersion, req.SourceRawState.JSON)
	if err != nil {
		resp.Diagnostics.AddError("Move Access Key Error", fmt.Sprintf(
			"objectstorage_access_key cannot take this key from %s: %s. Nothing was moved; the state is as it was.", req.SourceTypeName, err))
		return
	}
	kind, _ := backends.Named(source.Backend)
	state, diags := importedModel(ctx, key.Key, kind.Capabilities)
	resp.Diagnostics.Append(diags...)
	if key.SecretKey != "" {
		state.SecretKey = types.StringValue(key.SecretKey)
	}
	marker, err := json.Marshal(movedFrom{Type: source.Type, Backend: source.Backend})
	if err != nil {
		resp.Diagnostics.AddError("Move Access Key Error", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.TargetPrivate.SetKey(ctx, movedFromKey, marker)...)
	for _, w := range key.Warnings {
		resp.Diagnostics.AddWarning("Secret Key Not Moved", w)
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.TargetIdentity, state.ID)...)
}

// privateState is the part of the framework's private state a check needs.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// checkMovedBackend refuses a key moved in from a peer's resource whose
// backend is not the one this provider is configured for: its id would
// name nothing, or another key, there. It reports whether the key carries
// the mark, so that a read that passed can drop it.
func (r *accessKeyResource) checkMovedBackend(ctx context.Context, private privateState, diags *diag.Diagnostics) (marked bool) {
	raw, d := private.GetKey(ctx, movedFromKey)
	diags.Append(d...)
	if len(raw) == 0 {
		return false
	}
	var moved movedFrom
	if err := json.Unmarshal(raw, &moved); err != nil {
		diags.AddError("Moved Access Key Error", "The mark a move left on this key cannot be read: "+err.Error())
		return true
	}
	have := r.data.backend.Kind()
	if have.Name == moved.Backend {
		return true
	}
	want, _ := backends.Named(moved.Backend)
	diags.AddError("Moved Access Key On Another Backend", fmt.Sprintf(
		"This key was moved from %s, which manages %s keys, but this provider instance is configured for %s. "+
			"Give the resource a provider configured with a %q block (for example a provider alias and provider = objectstorage.<alias>), "+
			"then plan again. Nothing was read or changed.", moved.Type, want.Title, have.Title, want.Name))
	return true
}

// moveFromItself takes this resource's own state as it is, from another
// address of this provider: another registry host, as when a
// configuration moves from Terraform to OpenTofu (some OpenTofu releases,
// from 1.11.12 and 1.12.4 until fixed, ask for a move then even without a
// moved block), or the implied hashicorp/ namespace.
func moveFromItself(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if req.SourceSchemaVersion != 0 || !isThisProvider(req.SourceProviderAddress) {
		resp.Diagnostics.AddError("Move Access Key Error", fmt.Sprintf(
			"objectstorage_access_key state of schema version %d from %s is not this provider's: it takes its own state at schema version 0 only.",
			req.SourceSchemaVersion, req.SourceProviderAddress))
		return
	}
	typ := resp.TargetState.Schema.Type().TerraformType(ctx)
	state, err := tftypes.ValueFromJSONWithOpts(req.SourceRawState.JSON, typ, tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true})
	if err != nil {
		resp.Diagnostics.AddError("Move Access Key Error", "The objectstorage_access_key state cannot be read: "+err.Error())
		return
	}
	resp.TargetState.Raw = state
	resp.TargetPrivate = req.SourcePrivate
	var id types.String
	resp.Diagnostics.Append(resp.TargetState.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.TargetIdentity, id)...)
}

// isThisProvider reports whether a provider address names this provider:
// [HOST/]NAMESPACE/objectstorage with its own namespace or the implied
// hashicorp/, or the bare type older OpenTofu releases sent.
func isThisProvider(address string) bool {
	parts := strings.Split(address, "/")
	if parts[len(parts)-1] != "objectstorage" {
		return false
	}
	if len(parts) == 1 {
		return true
	}
	namespace := parts[len(parts)-2]
	return len(parts) <= 3 && (namespace == "objectstorage-keys" || namespace == "hashicorp")
}
