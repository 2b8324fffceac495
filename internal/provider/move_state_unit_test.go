package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/peers"
)

// move asks the provider's protocol server to move a state, as Terraform
// does, and decodes the answer.
func move(t *testing.T, address, typeName string, raw []byte) (accessKeyModel, diag.Diagnostics) {
	t.Helper()
	ctx := context.Background()
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.MoveResourceState(ctx, &tfprotov6.MoveResourceStateRequest{
		SourceProviderAddress: address, SourceTypeName: typeName, SourceState: &tfprotov6.RawState{JSON: raw},
		TargetTypeName: "objectstorage_access_key",
	})
	if err != nil {
		t.Fatal(err)
	}
	var diags diag.Diagnostics
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			diags.AddError(d.Summary, d.Detail)
		}
	}
	var got accessKeyModel
	if diags.HasError() {
		return got, diags
	}
	var schemaResp resource.SchemaResponse
	(&accessKeyResource{}).Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	typ := schemaResp.Schema.Type().TerraformType(ctx)
	value, err := resp.TargetState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	diags.Append(tfsdk.State{Schema: schemaResp.Schema, Raw: value}.Get(ctx, &got)...)
	return got, diags
}

// Every backend's move sources, from the states each keeps in its
// testdata/moves, come through the protocol with the id, name, secret and
// grants their decoder reads, and nothing that only a configuration or
// the service says.
func TestMoveStateKeepsTheSecret(t *testing.T) {
	moved := map[string]bool{}
	for _, source := range peers.Sources {
		files, _ := filepath.Glob(filepath.Join("..", "backend", source.Backend, "testdata", "moves", source.Type+"*.json"))
		for _, file := range files {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			address := "registry.terraform.io/" + source.Provider
			_, want, err := peers.Decode(address, source.Type, 0, raw)
			if err != nil {
				continue // a state only its backend's tests complete, or one that must not move
			}
			got, diags := move(t, address, source.Type, raw)
			if diags.HasError() {
				t.Fatalf("%s: %v", file, diags)
			}
			if got.ID.ValueString() != want.ID || got.SecretKey.ValueString() != want.SecretKey || got.Name.ValueString() != want.Name ||
				len(got.BucketAccess.Elements()) != len(want.Grants) || got.Limited.ValueBool() != want.Limited {
				t.Fatalf("%s: moved id %s, name %s, grants %s; want %+v", file, got.ID, got.Name, got.BucketAccess, want.Key)
			}
			if !got.RotationDays.IsNull() || got.CreatedAt.IsNull() != want.CreatedAt.IsZero() || got.Enabled.ValueBool() == want.Disabled {
				t.Fatalf("%s: rotation_days %s, created_at %s, enabled %s; want %+v", file, got.RotationDays, got.CreatedAt, got.Enabled, want.Key)
			}
			moved[source.Backend] = true
		}
	}
	// Every backend with sources moves a state of its testdata, but MinIO,
	// whose states hold a policy only its own tests fill in.
	for _, k := range backends.All {
		if len(k.MoveSources) > 0 && k.Name != "minio" && !moved[k.Name] {
			t.Errorf("no state of %s's testdata moved", k.Name)
		}
	}
}

// The provider's own state from another address of it (another registry
// host) passes through as it is.
func TestMoveStateFromItself(t *testing.T) {
	raw := []byte(`{"id":"AK1","name":"app","access_key":"AK1","secret_key":"s3cr3t-value","limited":false,"enabled":true,"created_at":"2026-01-02T03:04:05Z","retired_attribute":"x"}`)
	got, diags := move(t, "registry.opentofu.org/objectstorage-keys/objectstorage", "objectstorage_access_key", raw)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if got.ID.ValueString() != "AK1" || got.SecretKey.ValueString() != "s3cr3t-value" || got.CreatedAt.ValueString() != "2026-01-02T03:04:05Z" {
		t.Fatalf("moved state: %+v", got)
	}
	for _, address := range []string{"registry.terraform.io/hashicorp/objectstorage", "objectstorage-keys/objectstorage", "objectstorage"} {
		if _, diags := move(t, address, "objectstorage_access_key", raw); diags.HasError() {
			t.Errorf("from %s: %v", address, diags)
		}
	}
	_, diags = move(t, "registry.terraform.io/someone/objectstorage", "objectstorage_access_key", raw)
	if !diags.HasError() || !strings.Contains(diags[0].Detail(), "is not this provider's") {
		t.Fatalf("another provider's resource of the same name moved: %v", diags)
	}
}

func TestMoveStateRefusesUnknownSources(t *testing.T) {
	_, diags := move(t, "registry.terraform.io/hashicorp/aws", "aws_iam_user", []byte(`{"id":"app"}`))
	if !diags.HasError() {
		t.Fatal("an unknown source moved")
	}
	detail := diags[0].Detail()
	for _, want := range []string{"aws_iam_user", "linode_object_storage_key (linode/linode)", "aws_iam_access_key (hashicorp/aws)", "Nothing was moved"} {
		if !strings.Contains(detail, want) {
			t.Errorf("the error lacks %q: %s", want, detail)
		}
	}
}
