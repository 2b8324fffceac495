package garage_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/garage/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/garage/garagetest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/provider/providertest"
)

func TestMain(m *testing.M) { os.Exit(acctest.RunAcceptance(m)) }

func keyConfig(s *fake.Server, name, logs, data, extra string) string {
	return garagetest.Provider(s) + acctest.KeyOnLogsAndData(name, logs, data, extra)
}

// flags checks Garage's own view of the key in state on a bucket.
func flags(s *fake.Server, address, bucket string, want fake.Permissions) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		id := providertest.StateID(st, address)
		if got, _ := s.Flags(bucket, id); got != want {
			return fmt.Errorf("key %s on %s: %+v, want %+v", id, bucket, got, want)
		}
		return nil
	}
}

// A key made with its flags, its secret recovered by import, renamed,
// regranted and given an expiry in place, and deleted on destroy.
func TestAccGarage_lifecycle(t *testing.T) {
	t.Parallel()
	s := garagetest.Start(t)
	const address = "objectstorage_access_key.test"
	var firstID string
	expiry := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	inPlace := resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
	sameID := func(st *terraform.State) error {
		if id := providertest.StateID(st, address); id != firstID {
			return fmt.Errorf("the key's id went from %s to %s: replaced, not updated", firstID, id)
		}
		return nil
	}
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
				Config:           keyConfig(s, "app", "read_only", "read_write", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeTestCheckFunc(
					func(st *terraform.State) error { firstID = providertest.StateID(st, address); return nil },
					flags(s, address, "logs", fake.Permissions{Read: true}),
					flags(s, address, "data", fake.Permissions{Read: true, Write: true}),
					resource.TestCheckResourceAttrSet(address, "created_at"),
				),
			},
			{
				// Garage shows the secret again: the import recovers it.
				ResourceName: address, ImportState: true, ImportStateVerify: true,
			},
			{
				Config:           keyConfig(s, "app-renamed", "read_write", "read_only", fmt.Sprintf("expires_at = %q", expiry)),
				ConfigPlanChecks: inPlace,
				Check: resource.ComposeTestCheckFunc(sameID,
					flags(s, address, "logs", fake.Permissions{Read: true, Write: true}),
					flags(s, address, "data", fake.Permissions{Read: true}),
					resource.TestCheckResourceAttr(address, "expires_at", expiry),
				),
			},
		},
	})
}

// Grants as resources of their own; Garage's flags follow them.
func TestAccGarage_bucketAccess(t *testing.T) {
	t.Parallel()
	s := garagetest.Start(t)
	flagsOf := map[backend.Permission]fake.Permissions{backend.ReadOnly: {Read: true}, backend.ReadWrite: {Read: true, Write: true}}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: acctest.BucketAccessSteps(garagetest.Provider(s), func(st *terraform.State, bucket string, p backend.Permission) error {
			return flags(s, "objectstorage_access_key.ci", bucket, flagsOf[p])(st)
		}),
	})
}

// Flags changed behind Terraform's back (an owner flag, a write) are drift,
// planned in place and taken away; a key deleted behind its back is
// planned for creation.
func TestAccGarage_drift(t *testing.T) {
	t.Parallel()
	s := garagetest.Start(t)
	const address = "objectstorage_access_key.test"
	config := keyConfig(s, "drifting", "read_only", "read_write", "")
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{
			{Config: config, Check: func(st *terraform.State) error { id = providertest.StateID(st, address); return nil }},
			{
				PreConfig: func() { s.Allow("logs", id, fake.Permissions{Read: true, Write: true, Owner: true}) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: flags(s, address, "logs", fake.Permissions{Read: true}),
			},
		},
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: acctest.RecreatedAfterOutOfBandDelete(keyConfig(s, "gone", "read_only", "read_only", ""), address, func(id string) error {
			s.RemoveKey(id)
			return nil
		}, nil),
	})
}
