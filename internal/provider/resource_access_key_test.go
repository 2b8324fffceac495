package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
)

func testAccKeyConfig(name, grants string) string {
	return fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name          = %[1]q
  bucket_access = %[2]s
}
`, name, grants)
}

func grantsHCL(pairs ...string) string {
	out := "["
	for i := 0; i+1 < len(pairs); i += 2 {
		out += fmt.Sprintf("{ bucket = %q, permission = %q },", pairs[i], pairs[i+1])
	}
	return out + "]"
}

// Create, import, rename and change permission in place, with the key's
// real access proven by S3 calls at each step.
func TestAccAccessKey_lifecycle(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	logs, uploads := uniqueName(t, "logs"), uniqueName(t, "uploads")
	makeBuckets(t, logs, uploads)
	name, renamed := uniqueName(t, "app"), uniqueName(t, "renamed")
	const address = "objectstorage_access_key.test"
	var firstID string

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkKeysRevoked,
		Steps: []resource.TestStep{
			{
				Config: testAccKeyConfig(name, grantsHCL(logs, "read_only")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("limited"), knownvalue.Bool(true)),
					statecheck.ExpectSensitiveValue(address, tfjsonpath.New("secret_key")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("bucket_access"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"bucket": knownvalue.StringExact(logs), "permission": knownvalue.StringExact("read_only"), "region": knownvalue.Null(),
						}),
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrSet(address, "secret_key"),
					resource.TestCheckResourceAttrPair(address, "id", address, "access_key"),
					checkAccess(address, map[string]acctest.Access{logs: acctest.ReadOnly, uploads: acctest.NoAccess}),
					func(s *terraform.State) error { firstID = s.RootModule().Resources[address].Primary.ID; return nil },
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
				Config: testAccKeyConfig(renamed, grantsHCL(logs, "read_write", uploads, "read_only")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(address, "name", renamed),
					func(s *terraform.State) error {
						if id := s.RootModule().Resources[address].Primary.ID; id != firstID {
							return fmt.Errorf("an in-place update changed the id from %s to %s", firstID, id)
						}
						return nil
					},
					checkAccess(address, map[string]acctest.Access{logs: acctest.ReadWrite, uploads: acctest.ReadOnly}),
				),
			},
			{
				// A rename alone keeps the grants (MinIO drops a policy an update does not resend).
				Config: testAccKeyConfig(name, grantsHCL(logs, "read_write", uploads, "read_only")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
				Check: checkAccess(address, map[string]acctest.Access{logs: acctest.ReadWrite, uploads: acctest.ReadOnly}),
			},
			{
				Config:   testAccKeyConfig(name, grantsHCL(logs, "read_write", uploads, "read_only")),
				PlanOnly: true, // fails on a non-empty plan
			},
		},
	})
}

// An unrestricted key reaches every bucket; bucket_access = [] reaches none
// but may still list all buckets, as on Linode.
func TestAccAccessKey_unrestrictedAndNoBucket(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	a, b := uniqueName(t, "any-a"), uniqueName(t, "any-b")
	makeBuckets(t, a, b)
	config := fmt.Sprintf(`
resource "objectstorage_access_key" "open" {
  name = %[1]q
}

resource "objectstorage_access_key" "none" {
  name          = %[2]q
  bucket_access = []
}
`, uniqueName(t, "open"), uniqueName(t, "none"))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkKeysRevoked,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("objectstorage_access_key.open", tfjsonpath.New("limited"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("objectstorage_access_key.open", tfjsonpath.New("bucket_access"), knownvalue.Null()),
					statecheck.ExpectKnownValue("objectstorage_access_key.none", tfjsonpath.New("limited"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("objectstorage_access_key.none", tfjsonpath.New("bucket_access"), knownvalue.SetSizeExact(0)),
				},
				Check: resource.ComposeTestCheckFunc(
					checkAccess("objectstorage_access_key.open", map[string]acctest.Access{a: acctest.ReadWrite, b: acctest.ReadWrite}),
					checkAccess("objectstorage_access_key.none", map[string]acctest.Access{a: acctest.NoAccess, b: acctest.NoAccess}),
					func(s *terraform.State) error {
						s3, err := keyS3(s, "objectstorage_access_key.none")
						if err != nil {
							return err
						}
						_, err = s3.ListBuckets(context.Background())
						return err
					},
				),
			},
			{
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

// A key deleted behind Terraform's back leaves state at refresh, and the
// next plan creates it again.
func TestAccAccessKey_driftDeleted(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	bucket := uniqueName(t, "drift")
	makeBuckets(t, bucket)
	const address = "objectstorage_access_key.test"
	config := testAccKeyConfig(uniqueName(t, "gone"), grantsHCL(bucket, "read_only"))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: acctest.RecreatedAfterOutOfBandDelete(config, address,
			func(id string) error { return adminAPI(t).DeleteServiceAccount(context.Background(), id) },
			checkAccess(address, map[string]acctest.Access{bucket: acctest.ReadOnly})),
	})
}

// A refresh of many MinIO keys reads them all from one IAM export, and
// makes no InfoServiceAccount call, whose answer costs a 64 MiB key
// derivation on each side.
func TestAccAccessKey_refreshReadsOneExport(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	proxy := minioProxy(t)
	config := minioProviderAt(proxy.Endpoint) + fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  count         = 5
  name          = "%s-${count.index}"
  bucket_access = []
}
`, uniqueName(t, "export"))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig:    proxy.ResetRequests,
				RefreshState: true,
				Check: func(*terraform.State) error {
					if got := proxy.Requests(); got["export-iam"] != 1 || proxy.AdminCalls() != 1 {
						return fmt.Errorf("the refresh of 5 keys made the admin calls %v, want one export-iam", got)
					}
					return nil
				},
			},
		},
	})
}

// A policy changed behind Terraform's back shows as drift, an in-place
// update repairs it, and S3 proves the repair.
func TestAccAccessKey_driftPolicy(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	bucket, other := uniqueName(t, "drift"), uniqueName(t, "other")
	makeBuckets(t, bucket, other)
	const address = "objectstorage_access_key.test"
	config := testAccKeyConfig(uniqueName(t, "tampered"), grantsHCL(bucket, "read_only"))
	widened := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*","arn:aws:s3:::%s","arn:aws:s3:::%s/*"]}]}`,
		bucket, bucket, other, other)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					checkAccess(address, map[string]acctest.Access{bucket: acctest.ReadOnly, other: acctest.NoAccess}),
					func(s *terraform.State) error {
						id := s.RootModule().Resources[address].Primary.ID
						return adminAPI(t).UpdateServiceAccount(context.Background(), id, adminapi.UpdateServiceAccount{NewPolicy: []byte(widened)})
					},
					checkAccess(address, map[string]acctest.Access{bucket: acctest.ReadWrite, other: acctest.ReadWrite}),
				),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkAccess(address, map[string]acctest.Access{bucket: acctest.ReadOnly, other: acctest.NoAccess}),
			},
		},
	})
}

// A limited key whose policy is removed behind Terraform's back (which on
// MinIO makes it unrestricted) shows as drift and is limited again.
func TestAccAccessKey_driftPolicyRemoved(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	bucket := uniqueName(t, "drift")
	makeBuckets(t, bucket)
	const address = "objectstorage_access_key.test"
	config := fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name    = %[1]q
  limited = true
}
`, uniqueName(t, "opened"))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					checkAccess(address, map[string]acctest.Access{bucket: acctest.NoAccess}),
					func(s *terraform.State) error {
						id := s.RootModule().Resources[address].Primary.ID
						return adminAPI(t).UpdateServiceAccount(context.Background(), id, adminapi.UpdateServiceAccount{NewPolicy: []byte(`{}`)})
					},
					checkAccess(address, map[string]acctest.Access{bucket: acctest.ReadWrite}),
				),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("limited"), knownvalue.Bool(true)),
					},
				},
				Check: checkAccess(address, map[string]acctest.Access{bucket: acctest.NoAccess}),
			},
		},
	})
}
