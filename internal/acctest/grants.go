package acctest

import (
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
// (address objectstorage_access_key.ci): its permission on each bucket,
// "" for none.
func BucketAccessSteps(provider string, holds func(st *terraform.State, want map[string]backend.Permission) error) []resource.TestStep {
	const address = "objectstorage_access_key.ci"
	config := func(grants string) string { return provider + LimitedKeyCI + grants }
	return []resource.TestStep{
		{
			Config:           config(GrantOfCI("logs", "logs", "read_only") + GrantOfCI("data", "data", "read_write")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(st *terraform.State) error {
				return holds(st, map[string]backend.Permission{"logs": backend.ReadOnly, "data": backend.ReadWrite})
			},
		},
		{
			Config: config(GrantOfCI("data", "data", "read_write")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("objectstorage_bucket_access.logs", plancheck.ResourceActionDestroy),
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop),
			}},
			Check: func(st *terraform.State) error {
				return holds(st, map[string]backend.Permission{"logs": "", "data": backend.ReadWrite})
			},
		},
	}
}
