package cloudflare_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare/cloudflaretest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/provider/providertest"
)

func keyConfig(s *fake.Server, name, permission, extra string) string {
	return cloudflaretest.Provider(s) + fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name          = %q
  bucket_access = [{ bucket = "logs", permission = %q }]
  %s
}
`, name, permission, extra)
}

// A token made with its grant; the grant, the name, the status and the
// expiry change in place, keeping the token's value (so its secret);
// destroy revokes it.
func TestAccCloudflare_lifecycle(t *testing.T) {
	t.Parallel()
	s := fake.StartValidated(t)
	const address = "objectstorage_access_key.test"
	var firstID, value string
	inPlace := resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
	kept := func(st *terraform.State) error {
		id := providertest.StateID(st, address)
		held, _ := s.TokenOf(id)
		if id != firstID || held.Value != value {
			return fmt.Errorf("token %s (was %s): its value changed or it was replaced", id, firstID)
		}
		return nil
	}
	expiry := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		CheckDestroy: func(*terraform.State) error {
			if left := s.Names(); len(left) != 0 {
				return fmt.Errorf("tokens left after destroy: %v", left)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:           keyConfig(s, "app", "read_only", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(st *terraform.State) error {
					firstID = providertest.StateID(st, address)
					held, _ := s.TokenOf(firstID)
					value = held.Value
					if held.Name != "objectstorage: app" {
						return fmt.Errorf("token named %q", held.Name)
					}
					return nil
				},
			},
			{Config: keyConfig(s, "app", "read_write", ""), ConfigPlanChecks: inPlace, Check: kept},
			{
				Config: keyConfig(s, "app-renamed", "read_write", fmt.Sprintf("enabled = false\nexpires_at = %q", expiry)), ConfigPlanChecks: inPlace,
				Check: resource.ComposeTestCheckFunc(kept, func(st *terraform.State) error {
					held, _ := s.TokenOf(firstID)
					if held.Status != "disabled" || held.ExpiresOn == nil || held.ExpiresOn.Format(time.RFC3339) != expiry {
						return fmt.Errorf("token status %s, expiry %v", held.Status, held.ExpiresOn)
					}
					return nil
				}),
			},
		},
	})
}

// Grants as resources of their own change the token's policies in place.
func TestAccCloudflare_bucketAccess(t *testing.T) {
	t.Parallel()
	s := fake.StartValidated(t)
	const address = "objectstorage_access_key.ci"
	resources := func(st *terraform.State) []string {
		held, _ := s.TokenOf(providertest.StateID(st, address))
		var out []string
		for _, p := range held.Policies {
			for r := range p.Resources {
				out = append(out, r[strings.LastIndex(r, "_")+1:])
			}
		}
		return out
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{
			{
				Config:           cloudflaretest.Provider(s) + acctest.LimitedKeyCI + acctest.GrantOfCI("logs", "logs", "read_only") + acctest.GrantOfCI("data", "data", "read_write"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(st *terraform.State) error {
					if got := resources(st); len(got) != 2 {
						return fmt.Errorf("the token names buckets %v, want logs and data", got)
					}
					return nil
				},
			},
			{
				Config: cloudflaretest.Provider(s) + acctest.LimitedKeyCI + acctest.GrantOfCI("data", "data", "read_write"),
				Check: func(st *terraform.State) error {
					if got := resources(st); len(got) != 1 || got[0] != "data" {
						return fmt.Errorf("the token names buckets %v, want data", got)
					}
					return nil
				},
			},
		},
	})
}

// A token revoked behind Terraform's back is planned for creation.
func TestAccCloudflare_driftRevoked(t *testing.T) {
	t.Parallel()
	s := fake.StartValidated(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: acctest.RecreatedAfterOutOfBandDelete(keyConfig(s, "gone", "read_only", ""), "objectstorage_access_key.test", func(id string) error {
			s.RemoveToken(id)
			return nil
		}, nil),
	})
}
