package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/miniotest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/memory"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

// twinOfMinIO is a test-only backend with MinIO's exact capability row,
// offered beside the real backends: the provider must tell the two apart
// by the configured block, never by the row.
func twinOfMinIO() (backend.Kind, *memory.Backend) {
	driver := memory.New(minio.Kind.Capabilities)
	kind := memory.KindOf(minio.Kind.Capabilities)
	kind.Open = func(backend.Settings) backend.Driver { return driver }
	return kind, driver
}

// privateMark is private state holding a move's mark, or nothing.
type privateMark []byte

func (p privateMark) GetKey(context.Context, string) ([]byte, diag.Diagnostics) { return p, nil }

// A key moved from a MinIO provider's resource is MinIO's: a provider
// configured for MinIO takes it, and one configured for a backend with
// the same capability row refuses it and names both.
func TestMovedKeyCheckedByBackendNotByRow(t *testing.T) {
	twin, driver := twinOfMinIO()
	mark, err := json.Marshal(movedFrom{Type: "minio_iam_service_account", Backend: minio.Kind.Name})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		kind    backend.Kind
		refused bool
	}{{minio.Kind, false}, {twin, true}} {
		r := &accessKeyResource{data: &providerData{backend: backend.OpenAs(tc.kind, driver)}}
		var diags diag.Diagnostics
		if !r.checkMovedBackend(context.Background(), privateMark(mark), &diags) {
			t.Fatalf("%s: the move's mark was not seen", tc.kind.Name)
		}
		if diags.HasError() != tc.refused {
			t.Fatalf("%s: refused %v, want %v: %v", tc.kind.Name, diags.HasError(), tc.refused, diags)
		}
		if tc.refused {
			detail := diags.Errors()[0].Detail()
			for _, want := range []string{"manages MinIO keys", "configured for the in-memory test backend", `a "minio" block`} {
				if !strings.Contains(detail, want) {
					t.Errorf("the refusal lacks %q: %s", want, detail)
				}
			}
		}
	}
}

func twinConfig(block, name, permission string) string {
	return fmt.Sprintf(`
provider "objectstorage" {
  %[1]s
}

resource "objectstorage_access_key" "test" {
  name          = %[2]q
  bucket_access = [{ bucket = "twin-logs", permission = %[3]q }]
}
`, block, name, permission)
}

// A backend with MinIO's exact capability row is offered beside MinIO by
// one provider: the configured block decides where a key is made,
// changed in place and revoked, and the other backend never sees it.
// (Terraform runs one in-process provider for every alias of a test, so
// the two are configured one test case after the other.)
func TestAccAccessKey_backendWithMinIOsRow(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	twin, driver := twinOfMinIO()
	factories := map[string]func() (tfprotov6.ProviderServer, error){
		"objectstorage": providerserver.NewProtocol6WithError(&objectStorageProvider{
			version: "test", kinds: append(slices.Clone(backends.All), twin),
		}),
	}
	const address = "objectstorage_access_key.test"
	for _, tc := range []struct {
		block string
		// onTwin says which backend must hold the key.
		onTwin bool
	}{
		{`memory { label = "twin" }`, true},
		{"minio {}", false},
	} {
		name := uniqueName(t, "twin")
		onItsBackend := func(s *terraform.State) error {
			id := s.RootModule().Resources[address].Primary.ID
			_, err := driver.GetKey(context.Background(), id)
			if tc.onTwin && err != nil {
				return fmt.Errorf("the test backend lacks its key %s: %w", id, err)
			}
			if !tc.onTwin && err == nil {
				return fmt.Errorf("the test backend holds MinIO's key %s", id)
			}
			if onMinIO := miniotest.KeysNamed(t, minioServer, name); len(onMinIO) != map[bool]int{true: 0, false: 1}[tc.onTwin] {
				return fmt.Errorf("MinIO holds %v under the name %s", onMinIO, name)
			}
			return nil
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories,
			CheckDestroy: func(s *terraform.State) error {
				if keys, err := driver.ListKeys(context.Background()); err != nil || len(keys) != 0 {
					return fmt.Errorf("the test backend kept %d keys (%v)", len(keys), err)
				}
				if left := miniotest.KeysNamed(t, minioServer, name); len(left) != 0 {
					return fmt.Errorf("MinIO kept %v", left)
				}
				return nil
			},
			Steps: []resource.TestStep{
				{Config: twinConfig(tc.block, name, "read_only"), Check: onItsBackend},
				{
					Config: twinConfig(tc.block, name, "read_write"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					Check: onItsBackend,
				},
			},
		})
	}
}
