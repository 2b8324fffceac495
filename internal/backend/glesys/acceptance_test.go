package glesys_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/provider/providertest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys/glesystest"
)

func TestMain(m *testing.M) { os.Exit(acctest.RunAcceptance(m)) }

func glesysKeyConfig(s *fake.Server, description string) string {
	return glesystest.Provider(s) + fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name        = %[1]q
  instance_id = %[2]q
}
`, description, glesystest.Instance)
}

// Create, an empty second plan, import recovering the secret, and a rename
// that replaces the credential with a new id.
func TestAccGleSYS_lifecycle(t *testing.T) {
	t.Parallel()
	s := glesystest.Start(t)
	const address = "objectstorage_access_key.test"
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		CheckDestroy: func(*terraform.State) error {
			if left := s.Descriptions(glesystest.Instance); len(left) != 0 {
				return fmt.Errorf("credentials left after destroy: %v", left)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: glesysKeyConfig(s, "app"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("limited"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("instance_id"), knownvalue.StringExact(glesystest.Instance)),
					statecheck.ExpectSensitiveValue(address, tfjsonpath.New("secret_key")),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestMatchResourceAttr(address, "id", regexp.MustCompile(`^`+glesystest.Instance+`/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$`)),
					func(st *terraform.State) error { firstID = providertest.StateID(st, address); return nil },
				),
			},
			{
				// GleSYS shows the secret again: the import recovers it.
				ResourceName:      address,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				Config: glesysKeyConfig(s, "app-renamed"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionReplace)},
				},
				Check: func(st *terraform.State) error {
					if providertest.StateID(st, address) == firstID {
						return fmt.Errorf("a rename kept id %s", firstID)
					}
					return nil
				},
			},
		},
	})
}

// A credential deleted behind Terraform's back is planned for creation.
func TestAccGleSYS_driftDeleted(t *testing.T) {
	t.Parallel()
	s := glesystest.Start(t)
	const address = "objectstorage_access_key.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: acctest.RecreatedAfterOutOfBandDelete(glesysKeyConfig(s, "gone"), address, func(id string) error {
			s.DeleteCredential(glesystest.Instance, strings.TrimPrefix(id, glesystest.Instance+"/"))
			return nil
		}, nil),
	})
}

// A malformed import id is a clear error.
func TestAccGleSYS_importIDForm(t *testing.T) {
	t.Parallel()
	s := glesystest.Start(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{
			{Config: glesysKeyConfig(s, "app")},
			{
				ResourceName:  "objectstorage_access_key.test",
				ImportState:   true,
				ImportStateId: "376af022-c81e-4a02-9f28-0dce6ba24387",
				ExpectError:   acctest.ErrorPattern(`Invalid Import ID.*INSTANCE_ID/CREDENTIAL_ID`),
			},
		},
	})
}

// Data sources on GleSYS: the audit of a bucket lists every credential of
// its instance as read_write.
func TestAccGleSYS_dataSources(t *testing.T) {
	t.Parallel()
	s := glesystest.Start(t)
	s.AddInstance("os-other", "another instance")
	s.AddCredentials("os-other", "elsewhere", 1)
	keys := glesysKeyConfig(s, "app")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{
			{Config: keys},
			{
				Config: keys + fmt.Sprintf(`
data "objectstorage_access_keys" "all" {}

data "objectstorage_access_keys" "one" {
  instance_id = %[1]q
}

data "objectstorage_bucket_access" "audit" {
  bucket      = "any-bucket"
  instance_id = %[1]q
}

data "objectstorage_access_key" "by_id" {
  id = objectstorage_access_key.test.id
}
`, glesystest.Instance),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.objectstorage_access_keys.all", tfjsonpath.New("keys"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.objectstorage_access_keys.one", tfjsonpath.New("keys"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue("data.objectstorage_bucket_access.audit", tfjsonpath.New("grants"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("app"), "permission": knownvalue.StringExact("read_write")}),
					})),
					statecheck.ExpectKnownValue("data.objectstorage_access_key.by_id", tfjsonpath.New("name"), knownvalue.StringExact("app")),
				},
				// The resource's id finds the credential, and is the id of each listed key.
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPair("data.objectstorage_access_key.by_id", "id", "objectstorage_access_key.test", "id"),
					resource.TestCheckTypeSetElemAttrPair("data.objectstorage_access_keys.one", "keys.*.id", "objectstorage_access_key.test", "id"),
				),
			},
		},
	})
}

// The same story against the real GleSYS API, with GLESYS_USERID,
// GLESYS_TOKEN and GLESYS_TEST_INSTANCE_ID set.
func TestAccGleSYS_realAPI(t *testing.T) {
	instance := os.Getenv("GLESYS_TEST_INSTANCE_ID")
	if os.Getenv("GLESYS_USERID") == "" || os.Getenv("GLESYS_TOKEN") == "" || instance == "" {
		t.Skip("set GLESYS_USERID, GLESYS_TOKEN and GLESYS_TEST_INSTANCE_ID to run against the real GleSYS API")
	}
	config := func(description string) string {
		return fmt.Sprintf(`provider "objectstorage" {
  glesys {}
}

resource "objectstorage_access_key" "test" {
  name        = %q
  instance_id = %q
}
`, description, instance)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{
			{Config: config("tf-objectstorage-test")},
			{
				ResourceName:      "objectstorage_access_key.test",
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				Config: config("tf-objectstorage-test-renamed"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("objectstorage_access_key.test", plancheck.ResourceActionReplace)},
				},
			},
		},
	})
}

// A terraform plan over 30 credentials of one instance reads them all with
// one instancedetails call per provider process.
func TestAccGleSYS_planOver30Credentials(t *testing.T) {
	t.Parallel()
	s := glesystest.Start(t)
	config := glesystest.Provider(s) + fmt.Sprintf(`
resource "objectstorage_access_key" "many" {
  count       = 30
  name        = "app-${count.index}"
  instance_id = %q
}
`, glesystest.Instance)
	var planCalls map[string]int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: s.ResetRequests,
				Config:    config,
				PlanOnly:  true,
			},
			{
				PreConfig: func() { planCalls = s.Requests() },
				Config:    config,
				PlanOnly:  true,
			},
		},
	})
	t.Logf("calls of a plan-only step over 30 credentials: %v", planCalls)
	if planCalls["instancedetails"] != 1 || len(planCalls) != 1 {
		t.Fatalf("calls %v: want one instancedetails call", planCalls)
	}
}
