package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
)

// seaweed is the SeaweedFS server of the IAM backend's acceptance tests,
// started by the first test that needs it and stopped by runTests.
var seaweed struct {
	once   sync.Once
	server *acctest.SeaweedFSServer
	err    error
}

func seaweedServer(t *testing.T) *acctest.SeaweedFSServer {
	t.Helper()
	testAccPreCheck(t)
	seaweed.once.Do(func() { seaweed.server, seaweed.err = acctest.StartSeaweedFS(context.Background()) })
	if seaweed.err != nil {
		t.Fatal(seaweed.err)
	}
	return seaweed.server
}

func stopSeaweedFS() {
	if seaweed.server != nil {
		seaweed.server.Stop()
	}
}

func iamProvider(s *acctest.SeaweedFSServer) string {
	return fmt.Sprintf(`
provider "objectstorage" {
  iam {
    endpoint   = "http://%[1]s"
    access_key = %[2]q
    secret_key = %[3]q
    service    = "seaweedfs"
  }
}
`, s.Endpoint, s.AccessKey, s.SecretKey)
}

func iamKeyConfig(s *acctest.SeaweedFSServer, name, enabled string, grants ...string) string {
	return iamProvider(s) + fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name          = %[1]q
  enabled       = %[2]s
  bucket_access = [%[3]s]
}
`, name, enabled, joinHCL(grants))
}

func joinHCL(items []string) string {
	out := ""
	for i, item := range items {
		if i > 0 {
			out += ", "
		}
		out += item
	}
	return out
}

func grantHCL(bucket, permission string) string {
	return fmt.Sprintf("{ bucket = %q, permission = %q }", bucket, permission)
}

// seaweedAccess proves with S3 calls on SeaweedFS what a key in state can
// do per bucket.
func seaweedAccess(s *acctest.SeaweedFSServer, address string, want map[string]acctest.Access) func(*terraform.State) error {
	return func(st *terraform.State) error {
		rs, ok := st.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in state", address)
		}
		s3, err := s.S3(rs.Primary.Attributes["access_key"], rs.Primary.Attributes["secret_key"])
		if err != nil {
			return err
		}
		return probeAll(s3, address, want)
	}
}

// The IAM backend through terraform against a real SeaweedFS: a limited
// key reads what it is granted and nothing else; a permission change, a
// rename and switching the key off are updates in place, each proven with
// S3; import reads the key back; destroy removes the user whole.
func TestAccIAM_lifecycle(t *testing.T) {
	s := seaweedServer(t)
	t.Parallel()
	granted, other := uniqueName(t, "iam-granted"), uniqueName(t, "iam-other")
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
	name := uniqueName(t, "iam-app")
	var keyID string
	sameKey := func(st *terraform.State) error {
		if id := stateID(st, address); id != keyID {
			return fmt.Errorf("the key's id changed from %s to %s: an in-place update replaced it", keyID, id)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             seaweedRefused(s, address),
		Steps: []resource.TestStep{
			{
				Config: iamKeyConfig(s, name, "true", grantHCL(granted, "read_only")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("limited"), knownvalue.Bool(true)),
					statecheck.ExpectSensitiveValue(address, tfjsonpath.New("secret_key")),
				},
				Check: resource.ComposeTestCheckFunc(
					func(st *terraform.State) error { keyID = stateID(st, address); return nil },
					resource.TestCheckResourceAttrPair(address, "id", address, "access_key"),
					seaweedAccess(s, address, map[string]acctest.Access{granted: acctest.ReadOnly, other: acctest.NoAccess}),
				),
			},
			{
				Config: iamKeyConfig(s, name, "true", grantHCL(granted, "read_write")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(sameKey,
					seaweedAccess(s, address, map[string]acctest.Access{granted: acctest.ReadWrite, other: acctest.NoAccess})),
			},
			{
				Config: iamKeyConfig(s, name+"-renamed", "false", grantHCL(granted, "read_write")),
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

// seaweedKeysNamed is SeaweedFS's own view of the IAM backend's keys whose
// name begins with prefix: every user the backend made (half-made ones
// included) whose name tag does, by the part of its name after the prefix.
func seaweedKeysNamed(t *testing.T, s *acctest.SeaweedFSServer, prefix string) map[string]string {
	t.Helper()
	ctx := context.Background()
	client := awsiam.New(awsiam.Options{
		Region: "us-east-1", BaseEndpoint: aws.String("http://" + s.Endpoint),
		Credentials: credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, ""),
	})
	users, err := client.ListUsers(ctx, &awsiam.ListUsersInput{})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, u := range users.Users {
		user, ok := strings.CutPrefix(aws.ToString(u.UserName), iam.DefaultNamePrefix)
		if !ok {
			continue
		}
		tags, err := client.ListUserTags(ctx, &awsiam.ListUserTagsInput{UserName: u.UserName})
		var gone *iamtypes.NoSuchEntityException
		if errors.As(err, &gone) {
			continue // deleted since the list, by another test
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range tags.Tags {
			if aws.ToString(tag.Key) == "objectstorage:name" && strings.HasPrefix(aws.ToString(tag.Value), prefix) {
				keys[user] = aws.ToString(tag.Value)
			}
		}
	}
	return keys
}
