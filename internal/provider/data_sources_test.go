package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// The three data sources see the keys the resources made: by id and name,
// by name prefix, and by bucket with effective permissions.
func TestAccDataSources(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	prefix := uniqueName(t, "ds")
	bucket := prefix + "-bucket"
	makeBuckets(t, bucket)
	keys := fmt.Sprintf(`
resource "objectstorage_access_key" "reader" {
  name          = "%[1]s-reader"
  bucket_access = [{ bucket = %[2]q, permission = "read_only" }]
}

resource "objectstorage_access_key" "writer" {
  name          = "%[1]s-writer"
  bucket_access = [{ bucket = %[2]q, permission = "read_write" }]
}

resource "objectstorage_access_key" "elsewhere" {
  name          = "%[1]s-elsewhere"
  bucket_access = [{ bucket = "%[1]s-other", permission = "read_write" }]
}
`, prefix, bucket)
	lookups := keys + fmt.Sprintf(`
data "objectstorage_access_key" "by_id" {
  id = objectstorage_access_key.reader.id
}

data "objectstorage_access_key" "by_name" {
  name       = "%[1]s-writer"
  depends_on = [objectstorage_access_key.writer]
}

data "objectstorage_access_keys" "mine" {
  name_prefix = %[1]q
  depends_on  = [objectstorage_access_key.reader, objectstorage_access_key.writer, objectstorage_access_key.elsewhere]
}

data "objectstorage_bucket_access" "audit" {
  bucket     = %[2]q
  depends_on = [objectstorage_access_key.reader, objectstorage_access_key.writer, objectstorage_access_key.elsewhere]
}
`, prefix, bucket)
	grant := func(p string) knownvalue.Check {
		return knownvalue.SetExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"bucket": knownvalue.StringExact(bucket), "permission": knownvalue.StringExact(p), "region": knownvalue.Null(),
		})})
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: keys},
			{
				Config: lookups,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.objectstorage_access_key.by_id", tfjsonpath.New("name"), knownvalue.StringExact(prefix+"-reader")),
					statecheck.ExpectKnownValue("data.objectstorage_access_key.by_id", tfjsonpath.New("bucket_access"), grant("read_only")),
					statecheck.ExpectKnownValue("data.objectstorage_access_key.by_name", tfjsonpath.New("limited"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.objectstorage_access_key.by_name", tfjsonpath.New("bucket_access"), grant("read_write")),
					statecheck.ExpectKnownValue("data.objectstorage_access_keys.mine", tfjsonpath.New("keys"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue("data.objectstorage_access_keys.mine", tfjsonpath.New("keys").AtSliceIndex(0).AtMapKey("name"),
						knownvalue.StringExact(prefix+"-elsewhere")),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPair("data.objectstorage_access_key.by_id", "access_key", "objectstorage_access_key.reader", "access_key"),
					resource.TestCheckResourceAttrPair("data.objectstorage_access_key.by_name", "id", "objectstorage_access_key.writer", "id"),
					resource.TestCheckNoResourceAttr("data.objectstorage_access_key.by_id", "secret_key"),
					// Grants on the audited bucket: the reader and the writer, plus
					// any unrestricted key other tests hold at the moment; the key
					// granted another bucket is not among them.
					resource.TestCheckTypeSetElemNestedAttrs("data.objectstorage_bucket_access.audit", "grants.*", map[string]string{
						"name": prefix + "-reader", "permission": "read_only",
					}),
					resource.TestCheckTypeSetElemNestedAttrs("data.objectstorage_bucket_access.audit", "grants.*", map[string]string{
						"name": prefix + "-writer", "permission": "read_write",
					}),
					checkNoGrantNamed("data.objectstorage_bucket_access.audit", prefix+"-elsewhere"),
				),
			},
		},
	})
}

// An unrestricted key counts as read_write on every bucket in the audit.
func TestAccDataSourceBucketAccess_unrestricted(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	name := uniqueName(t, "open")
	config := fmt.Sprintf(`
resource "objectstorage_access_key" "open" {
  name = %[1]q
}

data "objectstorage_bucket_access" "audit" {
  bucket     = "any-bucket-at-all"
  depends_on = [objectstorage_access_key.open]
}
`, name)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.TestCheckTypeSetElemNestedAttrs("data.objectstorage_bucket_access.audit", "grants.*", map[string]string{
				"name": name, "permission": "read_write",
			}),
		}},
	})
}

func TestAccDataSourceAccessKey_errors(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      `data "objectstorage_access_key" "x" {}`,
				ExpectError: regexp.MustCompile(`(?s)Exactly one of these attributes must be configured:.*\[id,name\]`),
			},
			{
				Config:      `data "objectstorage_access_key" "x" { name = "no-key-has-this-name" }`,
				ExpectError: regexp.MustCompile(`(?s)no\s+such\s+key.*no\s+key\s+is\s+named\s+"no-key-has-this-name"`),
			},
		},
	})
}
