package b2_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2/b2test"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/provider/providertest"
)

func keyConfig(s *fake.Server, name, permission, extra string) string {
	return b2test.Provider(s) + fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name          = %q
  bucket_access = [
    { bucket = "logs", permission = %[2]q },
    { bucket = "data", permission = %[2]q },
  ]
  %s
}
`, name, permission, extra)
}

// held checks B2's own view of the key in state: its buckets and whether
// it can write.
func held(s *fake.Server, address string, writes bool) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		id := providertest.StateID(st, address)
		k, ok := s.KeyOf(id)
		if !ok {
			return fmt.Errorf("key %s is not on B2", id)
		}
		if len(k.BucketIDs) != 2 || k.BucketIDs[0] == k.BucketIDs[1] {
			return fmt.Errorf("key %s names buckets %v, want logs and data", id, k.BucketIDs)
		}
		canWrite := false
		for _, c := range k.Capabilities {
			canWrite = canWrite || c == "writeFiles"
		}
		if canWrite != writes {
			return fmt.Errorf("key %s has capabilities %v; writes: %v, want %v", id, k.Capabilities, canWrite, writes)
		}
		return nil
	}
}

// A key with its buckets and one permission; every change (the name, the
// permission, the expiry) replaces it, as the plan says before the apply;
// destroy revokes it.
func TestAccB2_lifecycle(t *testing.T) {
	t.Parallel()
	s := b2test.Start(t)
	const address = "objectstorage_access_key.test"
	var ids []string
	keep := func(st *terraform.State) error { ids = append(ids, providertest.StateID(st, address)); return nil }
	replaced := func(st *terraform.State) error {
		if id := providertest.StateID(st, address); id == ids[len(ids)-2] {
			return fmt.Errorf("the key kept id %s: updated, not replaced", id)
		}
		if keys := s.Keys(); len(keys) != 1 {
			return fmt.Errorf("keys on B2: %v, want the one in state", keys)
		}
		return nil
	}
	replace := resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionReplace)},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
	expiry := time.Now().Add(90 * 24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		CheckDestroy: func(*terraform.State) error {
			if left := s.Keys(); len(left) != 0 {
				return fmt.Errorf("keys left after destroy: %v", left)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:           keyConfig(s, "backup-reader", "read_only", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.ComposeTestCheckFunc(keep, held(s, address, false)),
			},
			{Config: keyConfig(s, "backup-writer", "read_only", ""), ConfigPlanChecks: replace, Check: resource.ComposeTestCheckFunc(keep, replaced)},
			{
				Config: keyConfig(s, "backup-writer", "read_write", ""), ConfigPlanChecks: replace,
				Check: resource.ComposeTestCheckFunc(keep, replaced, held(s, address, true)),
			},
			{
				Config: keyConfig(s, "backup-writer", "read_write", fmt.Sprintf("expires_at = %q", expiry)), ConfigPlanChecks: replace,
				Check: resource.ComposeTestCheckFunc(keep, replaced, resource.TestCheckResourceAttr(address, "expires_at", expiry)),
			},
		},
	})
}

// A key revoked behind Terraform's back is planned for creation.
func TestAccB2_driftRevoked(t *testing.T) {
	t.Parallel()
	s := b2test.Start(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: acctest.RecreatedAfterOutOfBandDelete(keyConfig(s, "gone", "read_only", ""), "objectstorage_access_key.test", func(id string) error {
			s.RemoveKey(id)
			return nil
		}, nil),
	})
}
