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

// A grant the backend reads as custom (a policy changed outside Terraform
// into one this provider does not write) never fails a plan. Where the
// configuration leaves bucket_access out, the plan shows it and changes
// nothing, on the resource and in both data sources; where it sets
// bucket_access, the plan repairs the key in place, and S3 proves the
// repair.
func TestAccAccessKey_customGrantNeverFailsAPlan(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	bucket := uniqueName(t, "custom")
	makeBuckets(t, bucket)
	limited, open, tracked := "objectstorage_access_key.limited", "objectstorage_access_key.open", "objectstorage_access_key.tracked"
	names := map[string]string{limited: uniqueName(t, "custom-limited"), open: uniqueName(t, "custom-open"), tracked: uniqueName(t, "custom-tracked")}
	// A policy with a condition: valid on MinIO, not one this provider
	// writes.
	custom := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],`+
		`"Resource":["arn:aws:s3:::%[1]s","arn:aws:s3:::%[1]s/*"],"Condition":{"IpAddress":{"aws:SourceIp":["127.0.0.0/8"]}}}]}`, bucket)
	keys := func(trackedGrants string) string {
		return fmt.Sprintf(`
resource "objectstorage_access_key" "limited" {
  name    = %[1]q
  limited = true
}

resource "objectstorage_access_key" "open" {
  name = %[2]q
}

resource "objectstorage_access_key" "tracked" {
  name          = %[3]q
  bucket_access = %[4]s
}
`, names[limited], names[open], names[tracked], trackedGrants)
	}
	dataSources := fmt.Sprintf(`
data "objectstorage_access_key" "limited" {
  id = objectstorage_access_key.limited.id
}

data "objectstorage_bucket_access" "audit" {
  bucket     = %q
  depends_on = [objectstorage_access_key.limited, objectstorage_access_key.open]
}
`, bucket)
	customGrant := knownvalue.SetExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
		"bucket": knownvalue.StringExact("*"), "permission": knownvalue.StringExact("custom"), "region": knownvalue.Null(),
	})})
	tamper := func(s *terraform.State) error {
		for _, address := range []string{limited, open, tracked} {
			id := s.RootModule().Resources[address].Primary.ID
			if err := adminAPI(t).UpdateServiceAccount(context.Background(), id, adminapi.UpdateServiceAccount{NewPolicy: []byte(custom)}); err != nil {
				return err
			}
		}
		return nil
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkKeysRevoked,
		Steps: []resource.TestStep{
			{
				Config:             keys(grantsHCL(bucket, "read_only")),
				Check:              tamper,
				ExpectNonEmptyPlan: true, // the tracked key's grants drifted
			},
			{
				// Only the tracked key is planned, as an update in place;
				// the keys that leave bucket_access out show the custom
				// grant and plan nothing.
				Config: keys(grantsHCL(bucket, "read_only")) + dataSources,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(limited, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(open, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(tracked, plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(limited, tfjsonpath.New("bucket_access"), customGrant),
					statecheck.ExpectKnownValue(open, tfjsonpath.New("bucket_access"), customGrant),
					statecheck.ExpectKnownValue(open, tfjsonpath.New("limited"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.objectstorage_access_key.limited", tfjsonpath.New("bucket_access"), customGrant),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckTypeSetElemNestedAttrs("data.objectstorage_bucket_access.audit", "grants.*",
						map[string]string{"name": names[limited], "permission": "custom"}),
					resource.TestCheckTypeSetElemNestedAttrs("data.objectstorage_bucket_access.audit", "grants.*",
						map[string]string{"name": names[open], "permission": "custom"}),
					checkAccess(tracked, map[string]acctest.Access{bucket: acctest.ReadOnly}),
				),
			},
		},
	})
}
