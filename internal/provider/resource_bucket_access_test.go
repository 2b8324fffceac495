package provider

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
)

const concurrentGrants = 8

// testBackend is the MinIO backend the provider uses, to read the server's
// own view of a key.
func testBackend(t *testing.T) backend.Driver {
	t.Helper()
	b, err := minio.New(minio.Config{Endpoint: minioServer.Endpoint, User: minioServer.User, Password: minioServer.Password})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testAccGrantsConfig grants one limited key a bucket per permission, plus
// the bucket PREFIX-single (read_only) when single is set: counted
// instances cannot be import targets in terraform-plugin-testing.
func testAccGrantsConfig(keyName, prefix string, permissions []string, single bool) string {
	config := fmt.Sprintf(`
resource "objectstorage_access_key" "shared" {
  name    = %[1]q
  limited = true
}

locals {
  permissions = %[3]s
}

resource "objectstorage_bucket_access" "grant" {
  count      = %[4]d
  key_id     = objectstorage_access_key.shared.id
  bucket     = "%[2]s-${count.index}"
  permission = local.permissions[count.index]
}
`, keyName, prefix, hclList(permissions), len(permissions))
	if single {
		config += fmt.Sprintf(`
resource "objectstorage_bucket_access" "single" {
  key_id     = objectstorage_access_key.shared.id
  bucket     = "%[1]s-single"
  permission = "read_only"
}
`, prefix)
	}
	return config
}

// Nine grants on one key, applied concurrently by Terraform, all survive:
// the provider serialises each key's read-modify-write.
func TestAccBucketAccess_concurrentGrantsOnOneKey(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	prefix := uniqueName(t, "grant")
	var buckets, permissions, changed []string
	want := map[string]acctest.Access{}
	for i := range concurrentGrants {
		bucket := fmt.Sprintf("%s-%d", prefix, i)
		buckets = append(buckets, bucket)
		p, a := "read_only", acctest.ReadOnly
		if i%2 == 1 {
			p, a = "read_write", acctest.ReadWrite
		}
		permissions = append(permissions, p)
		changed = append(changed, "read_write")
		want[bucket] = a
	}
	makeBuckets(t, append(buckets, prefix+"-ungranted", prefix+"-single")...)
	want[prefix+"-ungranted"] = acctest.NoAccess
	want[prefix+"-single"] = acctest.ReadOnly
	withSingle := func(list []string, extra string) []string { return append(slices.Clone(list), extra) }
	keyName := uniqueName(t, "shared")
	const key = "objectstorage_access_key.shared"

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkKeysRevoked,
		Steps: []resource.TestStep{
			{
				Config: testAccGrantsConfig(keyName, prefix, permissions, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					checkServerGrants(t, key, withSingle(buckets, prefix+"-single"), withSingle(permissions, "read_only")),
					checkAccess(key, want),
				),
			},
			{
				// Changing a grant's permission is in place.
				Config: testAccGrantsConfig(keyName, prefix, changed, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("objectstorage_bucket_access.grant[0]", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(key, plancheck.ResourceActionNoop),
					},
				},
				Check: checkServerGrants(t, key, withSingle(buckets, prefix+"-single"), withSingle(changed, "read_only")),
			},
			{
				ResourceName:      "objectstorage_bucket_access.single",
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// Removing grants leaves the key limited to nothing.
				Config: testAccGrantsConfig(keyName, prefix, nil, false),
				Check: resource.ComposeTestCheckFunc(
					checkServerGrants(t, key, nil, nil),
					checkAccess(key, map[string]acctest.Access{buckets[0]: acctest.NoAccess, buckets[1]: acctest.NoAccess}),
				),
			},
		},
	})
}

// checkServerGrants compares the server's own view of a key's grants.
func checkServerGrants(t *testing.T, address string, buckets, permissions []string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		id := s.RootModule().Resources[address].Primary.ID
		key, err := testBackend(t).GetKey(context.Background(), id)
		if err != nil {
			return err
		}
		var want []backend.Grant
		for i, b := range buckets {
			want = append(want, backend.Grant{Bucket: b, Permission: backend.Permission(permissions[i])})
		}
		backend.SortGrants(want)
		if !key.Limited || !slices.Equal(key.Grants, want) {
			return fmt.Errorf("server grants of %s: limited %v, %v; want %v", id, key.Limited, key.Grants, want)
		}
		return nil
	}
}

// A grant removed behind Terraform's back is created again.
func TestAccBucketAccess_driftRemoved(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	prefix := uniqueName(t, "regrant")
	makeBuckets(t, prefix+"-0")
	config := testAccGrantsConfig(uniqueName(t, "regrant"), prefix, []string{"read_only"}, false)
	const grant = "objectstorage_bucket_access.grant[0]"

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources["objectstorage_access_key.shared"].Primary.ID
					return testBackend(t).RemoveGrant(context.Background(), id, backend.Grant{Bucket: prefix + "-0"})
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(grant, plancheck.ResourceActionCreate)},
				},
				Check: checkAccess("objectstorage_access_key.shared", map[string]acctest.Access{prefix + "-0": acctest.ReadOnly}),
			},
		},
	})
}

// Fifty grants on one key, applied by the real CLI at -parallelism=50, all
// reach the server, three runs out of three; a sample is proven with S3.
func TestAccBucketAccess_fiftyGrantsAtParallelism50(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	const n, runs = 50, 3
	prefix := randomHex(t, 3) // short bucket names keep the policy under MinIO's 4096 bytes
	permission := func(i int) string {
		if i%2 == 1 {
			return "read_write"
		}
		return "read_only"
	}
	sample := map[string]acctest.Access{}
	for _, i := range []int{0, 1, 24, 49} {
		bucket := fmt.Sprintf("%s-%02d", prefix, i)
		makeBuckets(t, bucket)
		sample[bucket] = map[string]acctest.Access{"read_only": acctest.ReadOnly, "read_write": acctest.ReadWrite}[permission(i)]
	}
	tf := acctest.NewTerraform(t, fmt.Sprintf(`
resource "objectstorage_access_key" "shared" {
  name    = %[1]q
  limited = true
}

resource "objectstorage_bucket_access" "fifty" {
  count      = %[2]d
  key_id     = objectstorage_access_key.shared.id
  bucket     = format("%[3]s-%%02d", count.index)
  permission = count.index %% 2 == 1 ? "read_write" : "read_only"
}
`, uniqueName(t, "fifty"), n, prefix))
	for run := 1; run <= runs; run++ {
		if _, err := tf.Run("apply", "-auto-approve", "-input=false", "-parallelism=50"); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		resources, err := tf.State()
		if err != nil {
			t.Fatal(err)
		}
		var id, secret string
		for _, r := range resources {
			if r.Type == "objectstorage_access_key" {
				id, _ = r.Attributes["id"].(string)
				secret, _ = r.Attributes["secret_key"].(string)
			}
		}
		key, err := testBackend(t).GetKey(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		var want []backend.Grant
		for i := range n {
			want = append(want, backend.Grant{Bucket: fmt.Sprintf("%s-%02d", prefix, i), Permission: backend.Permission(permission(i))})
		}
		backend.SortGrants(want)
		if !slices.Equal(key.Grants, want) {
			t.Fatalf("run %d: the server holds %d grants, want all %d: %v", run, len(key.Grants), n, key.Grants)
		}
		s3, err := acctest.NewS3(minioServer.Endpoint, key.AccessKey, secret)
		if err != nil {
			t.Fatal(err)
		}
		for bucket, w := range sample {
			if got, err := s3.Probe(context.Background(), bucket); err != nil || got != w {
				t.Fatalf("run %d: bucket %s: %s, %v; want %s", run, bucket, got, err, w)
			}
		}
		if _, err := tf.Run("destroy", "-auto-approve", "-input=false", "-parallelism=50"); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if _, err := testBackend(t).GetKey(context.Background(), id); !backend.IsNotFound(err) {
			t.Fatalf("run %d: the key outlived destroy: %v", run, err)
		}
	}
}
