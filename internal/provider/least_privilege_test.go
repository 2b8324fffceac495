package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
)

// The least privilege the MinIO backend needs, through Terraform: a user
// with the readwrite canned policy alone applies a key that works, plans
// clean and destroys it. A change in place needs admin:UpdateServiceAccount
// as well, and without it the apply fails naming that right.
func TestAccMinIO_leastPrivilege(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	ctx := context.Background()
	admin, err := minioServer.Admin()
	if err != nil {
		t.Fatal(err)
	}
	user := uniqueName(t, "lp-user")
	password := admin.UserWithPolicies(t, user, []string{"readwrite"}, nil)
	bucket := uniqueName(t, "lp")
	makeBuckets(t, bucket)
	provider := fmt.Sprintf(`
provider "objectstorage" {
  minio {
    endpoint = %q
    user     = %q
    password = %q
  }
}
`, minioServer.Endpoint, user, password)
	name := uniqueName(t, "lp-key")
	const address = "objectstorage_access_key.test"
	var accessKey string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: provider + testAccKeyConfig(name, grantsHCL(bucket, "read_only")),
				Check: func(st *terraform.State) error {
					attributes := st.RootModule().Resources[address].Primary.Attributes
					accessKey = attributes["access_key"]
					s3, err := minioServer.S3(accessKey, attributes["secret_key"])
					if err != nil {
						return err
					}
					if got := acctest.ProbeUntil(ctx, t, s3, bucket, acctest.ReadOnly); got != acctest.ReadOnly {
						return fmt.Errorf("the key of a readwrite-only user reaches %s with %s, want %s", bucket, got, acctest.ReadOnly)
					}
					return nil
				},
			},
			{
				Config:           provider + testAccKeyConfig(name, grantsHCL(bucket, "read_only")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: provider + testAccKeyConfig(name, grantsHCL(bucket, "read_write")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				}},
				ExpectError: regexp.MustCompile(`(?s)refused the user.*minio\.user.*admin:UpdateServiceAccount`),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if _, err := admin.InfoServiceAccount(ctx, accessKey); err == nil {
				return fmt.Errorf("key %s is still on the server after the destroy", accessKey)
			}
			return nil
		},
	})
}

// A key granted a bucket its MinIO user cannot reach is made, but the plan
// warns that MinIO will give it nothing there, naming the user and the
// bucket; a plan that changes nothing warns no more.
func TestAccMinIO_grantBeyondTheUserWarns(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	admin, err := minioServer.Admin()
	if err != nil {
		t.Fatal(err)
	}
	mine, theirs := uniqueName(t, "mine"), uniqueName(t, "theirs")
	makeBuckets(t, mine, theirs)
	if err := admin.WaitForBucketListing(context.Background(), mine, theirs); err != nil {
		t.Fatal(err)
	}
	user := uniqueName(t, "lp-one")
	password := admin.UserWithPolicies(t, user, nil, map[string]string{uniqueName(t, "lp-one-policy"): fmt.Sprintf(`{"Version":"2012-10-17","Statement":[
{"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::%[1]s","arn:aws:s3:::%[1]s/*"]}]}`, mine)})
	tf := acctest.NewTerraform(t, fmt.Sprintf(`
provider "objectstorage" {
  minio {
    endpoint = %q
    user     = %q
    password = %q
  }
}
`, minioServer.Endpoint, user, password)+testAccKeyConfig(uniqueName(t, "beyond"), grantsHCL(mine, "read_write", theirs, "read_only")))
	out, err := tf.Run("apply", "-auto-approve", "-input=false")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Grant Beyond the Provider's Reach") || !strings.Contains(out, strconv.Quote(theirs)) ||
		!strings.Contains(out, strconv.Quote(user)) || strings.Contains(out, "bucket "+strconv.Quote(mine)) {
		t.Fatalf("the plan does not warn of %s alone, naming the user:\n%s", theirs, out)
	}
	out, err = tf.Run("plan", "-input=false", "-detailed-exitcode")
	if err != nil {
		t.Fatalf("the plan after the apply is not empty: %v", err)
	}
	if strings.Contains(out, "Beyond") {
		t.Fatalf("a plan that changes nothing warns again:\n%s", out)
	}
	if _, err := tf.Run("destroy", "-auto-approve", "-input=false"); err != nil {
		t.Fatal(err)
	}
}
