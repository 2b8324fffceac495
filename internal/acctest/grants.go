package acctest

import (
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// BucketAccessSteps are the steps a backend whose grants change in place
// proves objectstorage_bucket_access with: the key of LimitedKeyCI granted
// read_only on logs and read_write on data by resources of their own
// (GrantOfCI), then the grant on logs removed, planned as that resource's
// destroy alone. holds checks the service's own view of the key in state
// (address objectstorage_access_key.ci): that it holds permission on
// bucket, "" for none; it is called for each bucket.
func BucketAccessSteps(provider string, holds func(st *terraform.State, bucket string, permission backend.Permission) error) []resource.TestStep {
	const address = "objectstorage_access_key.ci"
	config := func(grants string) string { return provider + LimitedKeyCI + grants }
	holdsAll := func(want map[string]backend.Permission) resource.TestCheckFunc {
		return func(st *terraform.State) error {
			for _, bucket := range slices.Sorted(maps.Keys(want)) {
				if err := holds(st, bucket, want[bucket]); err != nil {
					return err
				}
			}
			return nil
		}
	}
	return []resource.TestStep{
		{
			Config:           config(GrantOfCI("logs", "logs", "read_only") + GrantOfCI("data", "data", "read_write")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            holdsAll(map[string]backend.Permission{"logs": backend.ReadOnly, "data": backend.ReadWrite}),
		},
		{
			Config: config(GrantOfCI("data", "data", "read_write")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("objectstorage_bucket_access.logs", plancheck.ResourceActionDestroy),
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop),
			}},
			Check: holdsAll(map[string]backend.Permission{"logs": "", "data": backend.ReadWrite}),
		},
	}
}
