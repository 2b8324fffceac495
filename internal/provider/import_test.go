package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/linodetest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
)

// importPlans are the steps that follow the import of a limited key whose
// real grants are stated by grants and a different set by other: the plan
// is empty when the configuration leaves bucket_access out or states the
// real grants, and changes the key only when it states other grants.
func importPlans(address, id, withoutGrants, withGrants, withOtherGrants string, change plancheck.ResourceActionType) []resource.TestStep {
	return []resource.TestStep{
		{
			Config:             withoutGrants,
			ResourceName:       address,
			ImportState:        true,
			ImportStateId:      id,
			ImportStatePersist: true,
		},
		{
			Config: withoutGrants,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
				plancheck.ExpectKnownValue(address, tfjsonpath.New("limited"), knownvalue.Bool(true)),
			}},
		},
		{
			Config:           withGrants,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			Config:           withOtherGrants,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, change)}},
		},
	}
}

// A Linode key imported without bucket_access in the configuration is not
// replaced: its grants are shown, not managed. Stating them changes
// nothing; stating others replaces the key (Linode fixes grants at
// creation).
func TestAccLinode_importPlansNoReplacement(t *testing.T) {
	t.Parallel()
	s := fake.StartValidated(t)
	id := s.AddLimitedKey("imported", fake.Grant{Bucket: "app-data", Permission: "read_only", Region: "nl-ams"})
	const address = "objectstorage_access_key.test"
	key := func(grants string) string {
		return linodetest.Provider(s) + fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name = "imported"
  %s
}
`, grants)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: importPlans(address, strconv.Itoa(id),
			key(""),
			key(`bucket_access = [{ bucket = "app-data", permission = "read_only", region = "nl-ams" }]`),
			key(`bucket_access = [{ bucket = "app-data", permission = "read_write", region = "nl-ams" }]`),
			plancheck.ResourceActionReplace),
	})
}

// The same on MinIO, where other grants are an update in place.
func TestAccAccessKey_importPlansNoChange(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	bucket, name := uniqueName(t, "imported"), uniqueName(t, "imported")
	accessKey := strings.ToUpper(strings.ReplaceAll(uniqueName(t, "IMPORTED-KEY"), "-", ""))
	policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:CreateBucket","s3:ListAllMyBuckets"],"Resource":["arn:aws:s3:::*"]},`+
		`{"Effect":"Allow","Action":%s,"Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*"]}]}`, hclList(minioReadOnlyActions(t)), bucket, bucket)
	admin := adminAPI(t)
	if _, err := admin.AddServiceAccount(context.Background(), adminapi.AddServiceAccount{
		TargetUser: minioServer.User, AccessKey: accessKey, SecretKey: "imported-secret-0000000000", Name: name, Policy: []byte(policy),
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = admin.DeleteServiceAccount(context.Background(), accessKey) })
	const address = "objectstorage_access_key.test"
	key := func(grants string) string {
		return fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name = %q
  %s
}
`, name, grants)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: importPlans(address, accessKey,
			key(""),
			key(fmt.Sprintf(`bucket_access = [{ bucket = %q, permission = "read_only" }]`, bucket)),
			key(fmt.Sprintf(`bucket_access = [{ bucket = %q, permission = "read_write" }]`, bucket)),
			plancheck.ResourceActionUpdate),
	})
}

// minioReadOnlyActions are the actions the MinIO backend writes for
// read_only: the portable list less what MinIO refuses.
func minioReadOnlyActions(t *testing.T) []string {
	t.Helper()
	actions, err := backend.ReadOnly.Actions()
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(actions, func(a string) bool { return slices.Contains(minio.UnsupportedActions, a) })
}
