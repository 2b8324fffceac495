package acctest

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// RecreatedAfterOutOfBandDelete are the steps of a drift test: apply
// config, delete the key behind Terraform's back with remove, then expect
// a non-empty plan and a create at the next apply, which then passes check
// (when not nil).
func RecreatedAfterOutOfBandDelete(config, address string, remove func(id string) error, check resource.TestCheckFunc) []resource.TestStep {
	var deletedID string
	checks := []resource.TestCheckFunc{func(s *terraform.State) error {
		if s.RootModule().Resources[address].Primary.ID == deletedID {
			return fmt.Errorf("the key was not created anew")
		}
		return nil
	}}
	if check != nil {
		checks = append(checks, check)
	}
	return []resource.TestStep{
		{
			Config: config,
			Check: func(s *terraform.State) error {
				deletedID = s.RootModule().Resources[address].Primary.ID
				return remove(deletedID)
			},
			ExpectNonEmptyPlan: true,
		},
		{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
			},
			Check: resource.ComposeTestCheckFunc(checks...),
		},
	}
}
