package gcs_test

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/gcstest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/provider/providertest"
)

func TestMain(m *testing.M) { os.Exit(acctest.RunAcceptance(m)) }

func keyConfig(s *fake.Server, name, logs, data, extra string) string {
	return gcstest.Provider(s) + acctest.KeyOnLogsAndData(name, logs, data, extra)
}

// roles checks, on the fake, the roles of the account of the key in state
// on a bucket.
func roles(s *fake.Server, address, bucket string, want backend.Permission) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		id := providertest.StateID(st, address)
		if got := s.RolesOf(bucket, "serviceAccount:"+s.AccountOf(id)); !slices.Equal(got, gcs.Roles[want]) {
			return fmt.Errorf("key %s on %s: roles %v, want %v", id, bucket, got, gcs.Roles[want])
		}
		return nil
	}
}

// A key made with its bindings, imported (without its secret, which
// Google shows once), renamed, regranted and disabled in place, and
// removed whole on destroy: bindings, HMAC key and account.
func TestAccGCS_lifecycle(t *testing.T) {
	t.Parallel()
	s := gcstest.Start(t)
	const address = "objectstorage_access_key.test"
	var firstID string
	sameID := func(st *terraform.State) error {
		if id := providertest.StateID(st, address); id != firstID {
			return fmt.Errorf("the key's id went from %s to %s: replaced, not updated", firstID, id)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		CheckDestroy: func(*terraform.State) error {
			if len(s.Keys()) != 0 || len(s.Accounts()) != 0 {
				return fmt.Errorf("left after destroy: keys %v, accounts %v", s.Keys(), s.Accounts())
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:           keyConfig(s, "app", "read_only", "read_write", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeTestCheckFunc(
					func(st *terraform.State) error { firstID = providertest.StateID(st, address); return nil },
					roles(s, address, "logs", backend.ReadOnly),
					roles(s, address, "data", backend.ReadWrite),
					resource.TestCheckResourceAttrSet(address, "created_at"),
					resource.TestCheckResourceAttrSet(address, "secret_key"),
				),
			},
			{
				ResourceName: address, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"secret_key"},
			},
			{
				Config: keyConfig(s, "app-renamed", "read_write", "read_only", "enabled = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(sameID,
					roles(s, address, "logs", backend.ReadWrite),
					roles(s, address, "data", backend.ReadOnly),
					func(st *terraform.State) error {
						id := providertest.StateID(st, address)
						if s.Keys()[id] != "INACTIVE" || s.Names()[id] != "app-renamed" {
							return fmt.Errorf("key %s: state %q, name %q", id, s.Keys()[id], s.Names()[id])
						}
						return nil
					},
				),
			},
		},
	})
}

// Grants as resources of their own; the bindings follow them.
func TestAccGCS_bucketAccess(t *testing.T) {
	t.Parallel()
	s := gcstest.Start(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: acctest.BucketAccessSteps(gcstest.Provider(s), func(st *terraform.State, bucket string, p backend.Permission) error {
			return roles(s, "objectstorage_access_key.ci", bucket, p)(st)
		}),
	})
}

// A binding added behind Terraform's back is drift, planned in place and
// taken away, other members untouched; a key deleted behind its back (its
// HMAC key and its account, as gcloud deletes them) is planned for
// creation.
func TestAccGCS_drift(t *testing.T) {
	t.Parallel()
	s := gcstest.Start(t)
	const address = "objectstorage_access_key.test"
	config := keyConfig(s, "drifting", "read_only", "read_write", "")
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: []resource.TestStep{
			{Config: config, Check: func(st *terraform.State) error { id = providertest.StateID(st, address); return nil }},
			{
				PreConfig: func() {
					s.Bind("media", "roles/storage.objectAdmin", "serviceAccount:"+s.AccountOf(id), nil)
					s.Bind("media", "roles/storage.objectAdmin", "user:alice@example.com", nil)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if got := s.Bindings("media"); slices.Contains(got, "roles/storage.objectAdmin serviceAccount:"+s.AccountOf(id)) ||
						!slices.Contains(got, "roles/storage.objectAdmin user:alice@example.com") {
						return fmt.Errorf("media holds %v", got)
					}
					return nil
				},
			},
		},
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		Steps: acctest.RecreatedAfterOutOfBandDelete(keyConfig(s, "gone", "read_only", "read_only", ""), address, func(id string) error {
			s.RemoveKey(id)
			s.RemoveAccount(s.AccountOf(id))
			return nil
		}, nil),
	})
}
