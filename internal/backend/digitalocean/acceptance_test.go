package digitalocean_test

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/digitaloceantest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/provider/providertest"
)

// keyBlock is the resource block of a key named name with more attributes.
func keyBlock(name, attributes string) string {
	return fmt.Sprintf("resource \"objectstorage_access_key\" \"test\" {\n  name = %q\n  %s\n}\n", name, attributes)
}

// The provider against the DigitalOcean fake, through a real terraform.

func TestMain(m *testing.M) { os.Exit(acctest.RunAcceptance(m)) }

// Create, import, rename in place, and permission changes that replace the
// key with a new access key (a read_write grant, then full access),
// against the DigitalOcean fake; what the service holds is checked at each
// step, and the plan is empty at the end.
func TestAccDigitalOcean_lifecycle(t *testing.T) {
	t.Parallel()
	s := fake.StartValidated(t)
	const address = "objectstorage_access_key.test"
	readOnly := `bucket_access = [{ bucket = "app-data", permission = "read_only" }]`
	var firstID string
	holds := func(want ...fake.Grant) resource.TestCheckFunc {
		return func(st *terraform.State) error {
			grants, ok := s.GrantsOf(providertest.StateID(st, address))
			if !ok || !slices.Equal(grants, want) {
				return fmt.Errorf("DigitalOcean holds grants %v (key there: %v), want %v", grants, ok, want)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		CheckDestroy: func(*terraform.State) error {
			if names := s.Names(); len(names) != 0 {
				return fmt.Errorf("keys left on DigitalOcean after destroy: %v", names)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: digitaloceantest.Provider(s) + keyBlock("app-key", readOnly),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("limited"), knownvalue.Bool(true)),
					statecheck.ExpectSensitiveValue(address, tfjsonpath.New("secret_key")),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestMatchResourceAttr(address, "id", regexp.MustCompile(`^DO[A-Z0-9]{18}$`)),
					resource.TestCheckResourceAttrPair(address, "id", address, "access_key"),
					resource.TestMatchResourceAttr(address, "secret_key", regexp.MustCompile(`^[A-Za-z0-9]{43}$`)),
					resource.TestMatchResourceAttr(address, "created_at", regexp.MustCompile(`^2026-`)),
					holds(fake.Grant{Bucket: "app-data", Permission: "read"}),
					func(st *terraform.State) error { firstID = providertest.StateID(st, address); return nil },
				),
			},
			{
				ResourceName: address, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"secret_key"},
			},
			{
				Config: digitaloceantest.Provider(s) + keyBlock("app-key-renamed", readOnly),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(
					func(st *terraform.State) error {
						if id := providertest.StateID(st, address); id != firstID || s.Keys()[id] != "app-key-renamed" {
							return fmt.Errorf("after the rename: id %s (was %s), DigitalOcean names it %q", id, firstID, s.Keys()[id])
						}
						return nil
					},
					resource.TestMatchResourceAttr(address, "secret_key", regexp.MustCompile(`^[A-Za-z0-9]{43}$`)),
				),
			},
			{
				Config: digitaloceantest.Provider(s) + keyBlock("app-key-renamed", `bucket_access = [{ bucket = "app-data", permission = "read_write" }]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeTestCheckFunc(
					holds(fake.Grant{Bucket: "app-data", Permission: "readwrite"}),
					func(st *terraform.State) error {
						if id := providertest.StateID(st, address); id == firstID || len(s.Names()) != 1 {
							return fmt.Errorf("after the grant change: id %s (was %s), keys %v", id, firstID, s.Names())
						}
						return nil
					},
				),
			},
			{
				// A limited key is lifted only by limited = false.
				Config: digitaloceantest.Provider(s) + keyBlock("app-key-renamed", "limited = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: holds(fake.Grant{Bucket: "", Permission: "fullaccess"}),
			},
			{
				Config:           digitaloceantest.Provider(s) + keyBlock("app-key-renamed", "limited = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// A key changed on DigitalOcean behind Terraform's back: renamed, the plan
// renames it back in place; given full access on one bucket by another
// client, it reads as a custom grant and the plan replaces it.
func TestAccDigitalOcean_drift(t *testing.T) {
	t.Parallel()
	s := fake.StartValidated(t)
	const address = "objectstorage_access_key.test"
	config := digitaloceantest.Provider(s) + keyBlock("drifting", `bucket_access = [{ bucket = "logs", permission = "read_only" }]`)
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{
			{Config: config, Check: func(st *terraform.State) error { id = providertest.StateID(st, address); return nil }},
			{
				PreConfig: func() { s.Rename(id, "renamed-elsewhere") },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
				Check: func(st *terraform.State) error {
					if name := s.Keys()[providertest.StateID(st, address)]; name != "drifting" {
						return fmt.Errorf("DigitalOcean names the key %q after the apply", name)
					}
					return nil
				},
			},
		},
	})
}

// A key another client gave full access to one bucket, which this provider
// never writes, imports as a custom grant: the plan shows it and replaces
// the key, never fails.
func TestAccDigitalOcean_foreignGrantImportsAsCustom(t *testing.T) {
	t.Parallel()
	s := fake.StartValidated(t)
	const address = "objectstorage_access_key.test"
	id, _ := s.AddKey("console-made", fake.Grant{Bucket: "logs", Permission: "fullaccess"})
	var plan acctest.CapturedPlan
	config := digitaloceantest.Provider(s) + fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", address, id) +
		keyBlock("console-made", `bucket_access = [{ bucket = "logs", permission = "read_write" }]`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectKnownValue(address, tfjsonpath.New("bucket_access"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"bucket": knownvalue.StringExact("logs"), "permission": knownvalue.StringExact("read_write")}),
					})),
					&plan,
				},
			},
			Check: func(st *terraform.State) error {
				if !strings.Contains(plan.JSON, `"bucket":"logs","permission":"custom"`) {
					return fmt.Errorf("the plan does not show the imported key's custom grant: %s", plan.JSON)
				}
				grants, ok := s.GrantsOf(providertest.StateID(st, address))
				if want := []fake.Grant{{Bucket: "logs", Permission: "readwrite"}}; !ok || !slices.Equal(grants, want) || providertest.StateID(st, address) == id {
					return fmt.Errorf("after the apply: key %s holds %v, want a new key with %v", providertest.StateID(st, address), grants, want)
				}
				return nil
			},
		}},
	})
}

// The same story against the real DigitalOcean API, when DIGITALOCEAN_TOKEN
// is set. It makes a full-access key (no bucket needed) and removes it.
func TestAccDigitalOcean_realAPI(t *testing.T) {
	if os.Getenv("DIGITALOCEAN_TOKEN") == "" {
		t.Skip("set DIGITALOCEAN_TOKEN (and optionally DIGITALOCEAN_API_URL) to run against the real DigitalOcean API")
	}
	name := fmt.Sprintf("tf-objectstorage-%d", time.Now().Unix())
	config := func(name string) string {
		return "provider \"objectstorage\" {\n  digitalocean {}\n}\n" + fmt.Sprintf(`resource "objectstorage_access_key" "test" { name = %q }`, name)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{
			{Config: config(name)},
			{ResourceName: "objectstorage_access_key.test", ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"secret_key"}},
			{
				Config: config(name + "-renamed"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("objectstorage_access_key.test", plancheck.ResourceActionUpdate)},
				},
			},
		},
	})
}
