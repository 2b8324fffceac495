package ceph_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/ceph"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/ceph/cephtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/provider/providertest"
)

// story is one acceptance test's gateway and a user prefix of its own, so
// that its view of the keys is its own.
type story struct {
	t      *testing.T
	s      *cephtest.Server
	prefix string
}

func newStory(t *testing.T) story {
	t.Helper()
	return story{t: t, s: cephtest.Shared(t), prefix: "acc-" + acctest.RandomHex(t, 3) + "-"}
}

func (st story) provider() string {
	return acctest.ProviderBlock("ceph", "endpoint", st.s.URL(), "access_key", st.s.AccessKey, "secret_key", st.s.SecretKey,
		"user_prefix", st.prefix)
}

// keys are the story's keys on the gateway, name by access key.
func (st story) keys() map[string]string {
	cfg := st.s.Config()
	cfg.UserPrefix = st.prefix
	b, err := ceph.New(cfg)
	if err != nil {
		st.t.Fatal(err)
	}
	keys, err := b.ListKeys(context.Background())
	if err != nil {
		st.t.Fatal(err)
	}
	named := map[string]string{}
	for _, k := range keys {
		named[k.ID] = k.Name
	}
	return named
}

func (st story) noKeysLeft(*terraform.State) error {
	if left := st.keys(); len(left) != 0 {
		return fmt.Errorf("keys left after destroy: %v", left)
	}
	return nil
}

// access checks with S3, as the key in state, what it may do on each
// bucket.
func (st story) access(address string, want map[string]acctest.Access) resource.TestCheckFunc {
	return func(state *terraform.State) error {
		attrs := state.RootModule().Resources[address].Primary.Attributes
		key, err := st.s.S3(attrs["access_key"], attrs["secret_key"])
		if err != nil {
			return err
		}
		for bucket, access := range want {
			if got := acctest.ProbeUntil(context.Background(), st.t, key, bucket, access); got != access {
				return fmt.Errorf("on %s the key may %v, want %v", bucket, got, access)
			}
		}
		return nil
	}
}

func (st story) key(name, logs, data string, extra string) string {
	return st.provider() + fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name          = %q
  bucket_access = [
    { bucket = %q, permission = "read_only" },
    { bucket = %q, permission = %q },
  ]
  %s
}
`, name, logs, data, "read_write", extra)
}

// A key on a real Ceph: made with its grants and proven with S3, its
// secret recovered by import, renamed and regranted in place, switched
// off and on in place, and revoked on destroy.
func TestAccCeph_lifecycle(t *testing.T) {
	t.Parallel()
	st := newStory(t)
	bs := buckets(t, st.s, "logs", "data")
	logs, data := bs[0], bs[1]
	const address = "objectstorage_access_key.test"
	var firstID string
	sameID := func(state *terraform.State) error {
		if id := providertest.StateID(state, address); id != firstID {
			return fmt.Errorf("the key's id went from %s to %s: replaced, not updated", firstID, id)
		}
		return nil
	}
	inPlace := resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		CheckDestroy:             st.noKeysLeft,
		Steps: []resource.TestStep{
			{
				Config: st.key("app", logs, data, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					func(state *terraform.State) error { firstID = providertest.StateID(state, address); return nil },
					st.access(address, map[string]acctest.Access{logs: acctest.ReadOnly, data: acctest.ReadWrite}),
				),
			},
			{
				// RGW shows the secret again: the import recovers it. It
				// says not when a user was made, so an import dates the
				// key by the provider's clock.
				ResourceName: address, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"created_at"},
			},
			{
				Config:           st.key("app-renamed", data, logs, ""),
				ConfigPlanChecks: inPlace,
				Check: resource.ComposeTestCheckFunc(sameID,
					resource.TestCheckResourceAttr(address, "name", "app-renamed"),
					st.access(address, map[string]acctest.Access{logs: acctest.ReadWrite, data: acctest.ReadOnly}),
				),
			},
			{
				Config:           st.key("app-renamed", data, logs, "enabled = false"),
				ConfigPlanChecks: inPlace,
				Check: resource.ComposeTestCheckFunc(sameID, func(state *terraform.State) error {
					attrs := state.RootModule().Resources[address].Primary.Attributes
					key, err := st.s.S3(attrs["access_key"], attrs["secret_key"])
					if err != nil {
						return err
					}
					if _, err := key.Read(context.Background(), logs, acctest.ProbeObject); !isCode(err, "UserSuspended") {
						return fmt.Errorf("a disabled key read %s: %v, want UserSuspended", logs, err)
					}
					return nil
				}),
			},
			{
				Config:           st.key("app-renamed", data, logs, "enabled = true"),
				ConfigPlanChecks: inPlace,
				Check: resource.ComposeTestCheckFunc(sameID,
					st.access(address, map[string]acctest.Access{logs: acctest.ReadWrite, data: acctest.ReadOnly}),
				),
			},
		},
	})
}

// Grants as resources of their own change the key in place, and a grant
// removed stops the key at once.
func TestAccCeph_bucketAccess(t *testing.T) {
	t.Parallel()
	st := newStory(t)
	bs := buckets(t, st.s, "ci-artifacts", "ci-cache")
	artifacts, cache := bs[0], bs[1]
	const address = "objectstorage_access_key.ci"
	config := func(grants string) string { return st.provider() + acctest.LimitedKeyCI + grants }
	grant := acctest.GrantOfCI
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		CheckDestroy:             st.noKeysLeft,
		Steps: []resource.TestStep{
			{
				Config: config(grant("artifacts", artifacts, "read_write") + grant("cache", cache, "read_only")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: st.access(address, map[string]acctest.Access{artifacts: acctest.ReadWrite, cache: acctest.ReadOnly}),
			},
			{
				Config: config(grant("artifacts", artifacts, "read_write")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("objectstorage_bucket_access.cache", plancheck.ResourceActionDestroy),
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop),
					},
				},
				Check: st.access(address, map[string]acctest.Access{artifacts: acctest.ReadWrite, cache: acctest.NoAccess}),
			},
		},
	})
}

// Ceph 16 drops a user's policy when the user is changed behind
// Terraform's back: the next plan shows the grants as drift, and the apply
// restores them.
func TestAccCeph_droppedPolicyIsDrift(t *testing.T) {
	t.Parallel()
	st := newStory(t)
	bs := buckets(t, st.s, "logs", "data")
	logs, data := bs[0], bs[1]
	const address = "objectstorage_access_key.test"
	config := st.key("app", logs, data, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		CheckDestroy:             st.noKeysLeft,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					for id := range st.keys() {
						if _, err := st.s.RadosgwAdmin(context.Background(), "user", "modify", "--uid="+st.prefix+id, "--max-buckets=500"); err != nil {
							t.Fatal(err)
						}
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: st.access(address, map[string]acctest.Access{logs: acctest.ReadOnly, data: acctest.ReadWrite}),
			},
		},
	})
}

// A key deleted behind Terraform's back is planned for creation.
func TestAccCeph_driftDeleted(t *testing.T) {
	t.Parallel()
	st := newStory(t)
	bs := buckets(t, st.s, "logs", "data")
	const address = "objectstorage_access_key.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		CheckDestroy:             st.noKeysLeft,
		Steps: acctest.RecreatedAfterOutOfBandDelete(st.key("gone", bs[0], bs[1], ""), address, func(id string) error {
			_, err := st.s.RadosgwAdmin(context.Background(), "user", "rm", "--uid="+st.prefix+id)
			return err
		}, nil),
	})
}
