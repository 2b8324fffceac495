package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/memory"
)

// The rows of the capability table the backends have. The plan logic is
// tested against each through the in-memory backend, so that a backend
// that cannot change something in place gets a replacement, whatever its name.
var (
	capsLikeLinode = linode.Kind.Capabilities
	capsLikeGleSYS = glesys.Kind.Capabilities
)

func memoryProviderFactories(d backend.Driver) map[string]func() (tfprotov6.ProviderServer, error) {
	return memoryProviderFactoriesAt(d, &testClock{})
}

// memoryProviderFactoriesAt runs the provider over d on the test's clock.
func memoryProviderFactoriesAt(d backend.Driver, clock *testClock) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"objectstorage": providerserver.NewProtocol6WithError(&objectStorageProvider{version: "test", driver: d, kind: memory.KindOf(d.Capabilities()), now: clock.now}),
	}
}

func regionalKeyConfig(name, permission string) string {
	return fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name          = %[1]q
  regions       = ["nl-ams-1"]
  bucket_access = [{ bucket = "logs", permission = %[2]q, region = "nl-ams-1" }]
}
`, name, permission)
}

// Where grants are fixed at creation, a grant change replaces the key (new
// id and secret) and a rename stays in place.
func TestAccAccessKey_grantsFixedAtCreation(t *testing.T) {
	t.Parallel()
	const address = "objectstorage_access_key.test"
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: memoryProviderFactories(memory.New(capsLikeLinode)),
		Steps: []resource.TestStep{
			{
				Config: regionalKeyConfig("fixed", "read_only"),
				Check:  func(s *terraform.State) error { firstID = s.RootModule().Resources[address].Primary.ID; return nil },
			},
			{
				Config: regionalKeyConfig("fixed", "read_write"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionReplace)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					if s.RootModule().Resources[address].Primary.ID == firstID {
						return fmt.Errorf("a replacement kept id %s", firstID)
					}
					return nil
				},
			},
			{
				Config: regionalKeyConfig("renamed", "read_write"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
			},
			{
				Config: regionalKeyConfig("renamed", "read_write") + `
resource "objectstorage_bucket_access" "extra" {
  key_id     = objectstorage_access_key.test.id
  bucket     = "extra"
  permission = "read_only"
  region     = "nl-ams-1"
}
`,
				ExpectError: errorPattern(`Bucket Access Not Supported by This Backend.*bucket_access attribute`),
			},
		},
	})
}

func instanceKeyConfig(name string) string {
	return fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name        = %[1]q
  instance_id = "os-ab123"
}
`, name)
}

// Where keys cannot be renamed, a rename replaces the key; without bucket
// scoping, bucket_access and limited are refused at plan time; a readable
// secret is recovered on import.
func TestAccAccessKey_noRenameNoScoping(t *testing.T) {
	t.Parallel()
	const address = "objectstorage_access_key.test"
	b := memory.New(capsLikeGleSYS)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: memoryProviderFactories(b),
		Steps: []resource.TestStep{
			{Config: instanceKeyConfig("first")},
			{
				Config: instanceKeyConfig("second"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionReplace)},
				},
			},
			{
				ResourceName:      address,
				ImportState:       true,
				ImportStateVerify: true, // the secret included: this backend reveals it again
			},
			{
				Config: `
resource "objectstorage_access_key" "test" {
  name          = "scoped"
  instance_id   = "os-ab123"
  bucket_access = [{ bucket = "logs", permission = "read_only" }]
}
`,
				ExpectError: errorPattern(`Invalid Bucket Access.*no per-bucket permissions`),
			},
			{
				Config:      `resource "objectstorage_access_key" "test" { name = "no-instance" }`,
				ExpectError: errorPattern(`Invalid Instance ID.*set instance_id`),
			},
		},
	})
}

// Bad input is refused before any call reaches the backend.
func TestAccAccessKey_refusedBeforeAnyCall(t *testing.T) {
	t.Parallel()
	b := memory.New(capsLikeLinode)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: memoryProviderFactories(b),
		Steps: []resource.TestStep{{
			Config: `
resource "objectstorage_access_key" "test" {
  name          = "no-region"
  bucket_access = [{ bucket = "logs", permission = "read_only" }]
}
`,
			ExpectError: regexp.MustCompile(`needs region`),
		}},
	})
	if n := b.Calls(); n != 0 {
		t.Fatalf("a refused plan made %d backend calls", n)
	}
}
