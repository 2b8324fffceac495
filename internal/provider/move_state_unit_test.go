package provider

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
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

func TestMoveStateFromLinodeKeepsTheSecret(t *testing.T) {
	raw, err := os.ReadFile("../peers/testdata/linode_object_storage_key.json")
	if err != nil {
		t.Fatal(err)
	}
	got, diags := move(t, "registry.terraform.io/linode/linode", "linode_object_storage_key", raw)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if got.ID.ValueString() != "4711" || got.SecretKey.ValueString() != "OiA6F5r0niLs3QA2stbyq7mY5VCV7KqOzcmitmHw" ||
		got.Name.ValueString() != "app-reader" || len(got.BucketAccess.Elements()) != 2 || len(got.Regions.Elements()) != 1 {
		t.Fatalf("moved state: id %s, name %s, grants %s, regions %s", got.ID, got.Name, got.BucketAccess, got.Regions)
	}
	if !got.RotationDays.IsNull() || !got.CreatedAt.IsNull() || !got.Enabled.ValueBool() {
		t.Fatalf("what only a configuration or the service says: rotation_days %s, created_at %s, enabled %s", got.RotationDays, got.CreatedAt, got.Enabled)
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
