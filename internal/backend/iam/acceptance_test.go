package iam_test

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
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam/iamtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/provider/providertest"
)

// seaweedFS is the package's SeaweedFS, for the acceptance stories.
func seaweedFS(t *testing.T) *acctest.SeaweedFSServer {
	t.Helper()
	if server == nil {
		t.Skip("needs the pinned SeaweedFS: set TF_ACC=1 (make test does)")
	}
	return server
}

func iamKeyConfig(s *acctest.SeaweedFSServer, name, enabled, bucket, permission string) string {
	return iamtest.Provider(s) + fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name          = %q
  enabled       = %s
  bucket_access = [{ bucket = %q, permission = %q }]
}
`, name, enabled, bucket, permission)
}

// seaweedAccess proves with S3 calls on SeaweedFS what a key in state can
// do per bucket.
func seaweedAccess(s *acctest.SeaweedFSServer, address string, want map[string]acctest.Access) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		attrs := st.RootModule().Resources[address].Primary.Attributes
		key, err := s.S3(attrs["access_key"], attrs["secret_key"])
		if err != nil {
			return err
		}
		for bucket, w := range want {
			got, err := key.Probe(context.Background(), bucket)
			if err != nil {
				return fmt.Errorf("%s: %w", address, err)
			}
			if got != w {
				return fmt.Errorf("%s on bucket %s: got %s, want %s", address, bucket, got, w)
			}
		}
		return nil
	}
}

// The IAM backend through terraform against a real SeaweedFS: a limited
// key reads what it is granted and nothing else; a permission change, a
// rename and switching the key off are updates in place, each proven with
// S3; import reads the key back; destroy removes the user whole.
func TestAccIAM_lifecycle(t *testing.T) {
	s := seaweedFS(t)
	t.Parallel()
	granted, other := backendtest.UniqueName(t, "iam-granted"), backendtest.UniqueName(t, "iam-other")
	admin, err := s.S3(s.AccessKey, s.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, bucket := range []string{granted, other} {
		if err := admin.MakeBucket(context.Background(), bucket, acctest.ProbeObject, acctest.ProbeContent(bucket)); err != nil {
			t.Fatal(err)
		}
	}
	const address = "objectstorage_access_key.test"
	name := backendtest.UniqueName(t, "iam-app")
	var keyID string
	sameKey := func(st *terraform.State) error {
		if id := providertest.StateID(st, address); id != keyID {
			return fmt.Errorf("the key's id changed from %s to %s: an in-place update replaced it", keyID, id)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providertest.Factories(),
		CheckDestroy:             seaweedRefused(s, address),
		Steps: []resource.TestStep{
			{
				Config: iamKeyConfig(s, name, "true", granted, "read_only"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("limited"), knownvalue.Bool(true)),
					statecheck.ExpectSensitiveValue(address, tfjsonpath.New("secret_key")),
				},
				Check: resource.ComposeTestCheckFunc(
					func(st *terraform.State) error { keyID = providertest.StateID(st, address); return nil },
					resource.TestCheckResourceAttrPair(address, "id", address, "access_key"),
					seaweedAccess(s, address, map[string]acctest.Access{granted: acctest.ReadOnly, other: acctest.NoAccess}),
				),
			},
			{
				Config: iamKeyConfig(s, name, "true", granted, "read_write"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(sameKey,
					seaweedAccess(s, address, map[string]acctest.Access{granted: acctest.ReadWrite, other: acctest.NoAccess})),
			},
			{
				Config: iamKeyConfig(s, name+"-renamed", "false", granted, "read_write"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact(name+"-renamed")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("enabled"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeTestCheckFunc(sameKey, seaweedRefused(s, address)),
			},
			{
				// SeaweedFS, unlike AWS, answers no CreateDate: an imported
				// key's created_at is when the provider first saw it.
				ResourceName:            address,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"secret_key", "created_at"},
			},
		},
	})
}

// seaweedRefused checks that SeaweedFS refuses the key of a resource in
// state: switched off, or revoked (CheckDestroy sees the state from before
// the destroy).
func seaweedRefused(s *acctest.SeaweedFSServer, address string) func(*terraform.State) error {
	return func(st *terraform.State) error {
		rs, ok := st.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in state", address)
		}
		s3, err := s.S3(rs.Primary.Attributes["access_key"], rs.Primary.Attributes["secret_key"])
		if err != nil {
			return err
		}
		if _, err := s3.ListBuckets(context.Background()); !acctest.IsUnknownKey(err) {
			return fmt.Errorf("%s: SeaweedFS still takes the key (err %v)", address, err)
		}
		return nil
	}
}
