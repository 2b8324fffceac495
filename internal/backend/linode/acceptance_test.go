package linode_test

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/provider/providertest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/linodetest"
)

func TestMain(m *testing.M) { os.Exit(acctest.RunAcceptance(m)) }

func linodeKeyConfig(s *fake.Server, label, permission string) string {
	return linodetest.Provider(s) + linodeKeyResource(label, permission)
}

func linodeKeyResource(label, permission string) string {
	return fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name          = %[1]q
  regions       = ["nl-ams", "us-iad"]
  bucket_access = [{ bucket = "app-data", permission = %[2]q, region = "nl-ams" }]
}
`, label, permission)
}

// Create, import, rename in place, and a permission change that replaces
// the key with a new id, against the Linode fake.
func TestAccLinode_lifecycle(t *testing.T) {
	t.Parallel()
	s := fake.StartValidated(t)
	const address = "objectstorage_access_key.test"
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		CheckDestroy: func(*terraform.State) error {
			if labels := s.Labels(); len(labels) != 0 {
				return fmt.Errorf("keys left on Linode after destroy: %v", labels)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: linodeKeyConfig(s, "app-key", "read_only"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("limited"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("regions"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("nl-ams"), knownvalue.StringExact("us-iad"),
					})),
					statecheck.ExpectSensitiveValue(address, tfjsonpath.New("secret_key")),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestMatchResourceAttr(address, "id", regexp.MustCompile(`^[0-9]+$`)),
					resource.TestMatchResourceAttr(address, "secret_key", regexp.MustCompile(`^[A-Za-z0-9]{40}$`)),
					func(st *terraform.State) error { firstID = providertest.StateID(st, address); return nil },
				),
			},
			{
				ResourceName:      address,
				ImportState:       true,
				ImportStateVerify: true,
				// The service shows no secret again, nor when it made the
				// key: an import's created_at is the time of the import.
				ImportStateVerifyIgnore: []string{"secret_key", "created_at"},
			},
			{
				Config: linodeKeyConfig(s, "app-key-renamed", "read_only"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
				Check: func(st *terraform.State) error {
					if id := providertest.StateID(st, address); id != firstID {
						return fmt.Errorf("a rename changed the id from %s to %s", firstID, id)
					}
					return nil
				},
			},
			{
				Config: linodeKeyConfig(s, "app-key-renamed", "read_write"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionReplace)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(address, "bucket_access.0.permission", "read_write"),
					func(st *terraform.State) error {
						if id := providertest.StateID(st, address); id == firstID {
							return fmt.Errorf("a permission change kept id %s", id)
						}
						if labels := s.Labels(); !slices.Equal(labels, []string{"app-key-renamed"}) {
							return fmt.Errorf("keys on Linode after the replacement: %v", labels)
						}
						return nil
					},
				),
			},
		},
	})
}

// A key revoked behind Terraform's back is planned for creation.
func TestAccLinode_driftRevoked(t *testing.T) {
	t.Parallel()
	s := fake.StartValidated(t)
	const address = "objectstorage_access_key.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: acctest.RecreatedAfterOutOfBandDelete(linodeKeyConfig(s, "revoked", "read_only"), address, func(id string) error {
			n, err := strconv.Atoi(id)
			s.Revoke(n)
			return err
		}, nil),
	})
}

// Apply and plan go through 429 and 503 answers, waiting as told: the
// create and its label, the first read (a GET) and the later ones (the
// list).
func TestAccLinode_rateLimited(t *testing.T) {
	t.Parallel()
	s := fake.StartValidated(t)
	config := linodetest.Provider(s) + `
resource "objectstorage_access_key" "test" {
  count         = 3
  name          = "patient-${count.index}"
  regions       = ["nl-ams"]
  bucket_access = [{ bucket = "app-data", permission = "read_only", region = "nl-ams" }]
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					s.Inject(
						fake.Fault{Op: "POST keys", Status: 429, RetryAfter: "1"},
						fake.Fault{Op: "PUT key", Status: 503, RetryAfter: "1"},
					)
				},
				Config: config,
			},
			{
				PreConfig: func() {
					s.ResetRequests()
					s.Inject(
						fake.Fault{Op: "GET key", Status: 503, RetryAfter: "1"},
						fake.Fault{Op: "GET keys", Status: 429, RetryAfter: "1"},
					)
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
	if pending := s.Pending(); len(pending) != 0 {
		t.Fatalf("faults never served: %v", pending)
	}
}

// A create that made the key but answered 500 leaves exactly one key,
// the one in state.
func TestAccLinode_ambiguousCreate(t *testing.T) {
	t.Parallel()
	s := fake.StartValidated(t)
	const address = "objectstorage_access_key.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() { s.Inject(fake.Fault{Op: "POST keys", Status: 500, DoWork: true}) },
			Config:    linodeKeyConfig(s, "made-once", "read_only"),
			Check: func(st *terraform.State) error {
				if labels := s.Labels(); !slices.Equal(labels, []string{"made-once"}) {
					return fmt.Errorf("keys on Linode: %v, want the one in state only", labels)
				}
				if got := s.Requests(); got["POST keys"] != 2 || got["DELETE key"] != 1 {
					return fmt.Errorf("requests %v: want 2 POSTs and 1 DELETE of the orphan", got)
				}
				id, _ := strconv.Atoi(providertest.StateID(st, address))
				if label, ok := s.LabelOf(id); !ok || label != "made-once" {
					return fmt.Errorf("state holds key %d, which is not the surviving key", id)
				}
				return nil
			},
		}},
	})
}

// A key made whose label could not be set is kept in state, secret
// included, marked for replacement: the next apply replaces it, and no
// key is left on the service that Terraform does not know of.
func TestAccLinode_unfinishedCreateIsKeptForReplacement(t *testing.T) {
	t.Parallel()
	s := fake.StartValidated(t)
	const address = "objectstorage_access_key.test"
	config := linodeKeyConfig(s, "finished", "read_only")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { s.Inject(fake.Fault{Op: "PUT key", Status: 400}) },
				Config:      config,
				ExpectError: acctest.ErrorPattern(`was made under the label "objectstorage-creating-[0-9a-f]+" but could not be given its label "finished".*is kept in state, marked for replacement: the next apply replaces it`),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionReplace)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(st *terraform.State) error {
					if labels := s.Labels(); !slices.Equal(labels, []string{"finished"}) {
						return fmt.Errorf("keys on Linode: %v, want the replacement only", labels)
					}
					return nil
				},
			},
		},
	})
}

// The same story against the real Linode API, when LINODE_TOKEN is set.
// It makes an unrestricted key (no bucket needed) and removes it.
func TestAccLinode_realAPI(t *testing.T) {
	if os.Getenv("LINODE_TOKEN") == "" {
		t.Skip("set LINODE_TOKEN (and optionally LINODE_URL) to run against the real Linode API")
	}
	label := fmt.Sprintf("tf-objectstorage-%d", time.Now().Unix())
	config := func(name string) string {
		return `provider "objectstorage" {
  linode {}
}
` + fmt.Sprintf(`resource "objectstorage_access_key" "test" { name = %q }`, name)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{
			{Config: config(label)},
			{ResourceName: "objectstorage_access_key.test", ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"secret_key", "created_at"}},
			{
				Config: config(label + "-renamed"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("objectstorage_access_key.test", plancheck.ResourceActionUpdate)},
				},
			},
		},
	})
}

// The data sources work on Linode: by name, by prefix, and an audit of a
// bucket in one region.
func TestAccLinode_dataSources(t *testing.T) {
	t.Parallel()
	s := fake.StartValidated(t)
	keys := linodetest.Provider(s) + `
resource "objectstorage_access_key" "reader" {
  name          = "ds-reader"
  bucket_access = [{ bucket = "app-data", permission = "read_only", region = "nl-ams" }]
}

resource "objectstorage_access_key" "elsewhere" {
  name          = "ds-elsewhere"
  bucket_access = [{ bucket = "app-data", permission = "read_write", region = "us-iad" }]
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{
			{Config: keys},
			{
				Config: keys + `
data "objectstorage_access_key" "by_name" {
  name = "ds-reader"
}

data "objectstorage_access_keys" "ds" {
  name_prefix = "ds-"
}

data "objectstorage_bucket_access" "ams" {
  bucket = "app-data"
  region = "nl-ams"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.objectstorage_access_keys.ds", tfjsonpath.New("keys"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.objectstorage_bucket_access.ams", tfjsonpath.New("grants"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("ds-reader"), "permission": knownvalue.StringExact("read_only")}),
					})),
				},
				Check: resource.TestCheckResourceAttrPair("data.objectstorage_access_key.by_name", "id", "objectstorage_access_key.reader", "id"),
			},
		},
	})
}
