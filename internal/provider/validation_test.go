package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Bad input fails at plan time, before any call to the service, with an
// error that names the attribute and what is allowed; no key is created.
func TestAccAccessKey_badInput(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	var manyBuckets []string
	for i := range 60 {
		manyBuckets = append(manyBuckets, fmt.Sprintf(`{ bucket = "bucket-with-a-long-name-%03d", permission = "read_only" }`, i))
	}
	cases := []struct {
		name   string
		config func(name string) string
		want   string
	}{
		{
			name:   "unknown permission",
			config: keyWith(`bucket_access = [{ bucket = "logs", permission = "admin" }]`),
			want:   `bucket_access.*permission.*value must be one of:.*"read_only".*"read_write".*got:.*"admin"`,
		},
		{
			name:   "invalid bucket name",
			config: keyWith(`bucket_access = [{ bucket = "Bad_Bucket", permission = "read_only" }]`),
			want:   `Invalid Bucket Name.*"Bad_Bucket" is not a valid S3 bucket name`,
		},
		{
			name:   "bucket name too short",
			config: keyWith(`bucket_access = [{ bucket = "ab", permission = "read_only" }]`),
			want:   `Invalid Bucket Name.*it has 2 characters`,
		},
		{
			name:   "bucket granted twice",
			config: keyWith(`bucket_access = [{ bucket = "logs", permission = "read_only" }, { bucket = "logs", permission = "read_write" }]`),
			want:   `Duplicate Bucket in Bucket Access.*"logs" is granted twice`,
		},
		{
			name:   "limited false with grants",
			config: keyWith(`limited = false` + "\n" + `bucket_access = [{ bucket = "logs", permission = "read_only" }]`),
			want:   `Conflicting Limited and Bucket Access.*limited = false`,
		},
		{
			name: "name MinIO refuses",
			config: func(name string) string {
				return fmt.Sprintf(`resource "objectstorage_access_key" "bad" { name = "%s-has a space" }`, name)
			},
			want: `Invalid Name.*is not a MinIO service-account name: use 1 to 32 characters`,
		},
		{
			name: "name too long for MinIO",
			config: func(name string) string {
				return fmt.Sprintf(`resource "objectstorage_access_key" "bad" { name = "%s-%s" }`, name, strings.Repeat("x", 32))
			},
			want: `Invalid Name.*1 to 32 characters`,
		},
		{
			name:   "region on MinIO",
			config: keyWith(`bucket_access = [{ bucket = "logs", permission = "read_only", region = "us-east-1" }]`),
			want:   `Invalid Bucket Access.*sets region, which this backend does not use`,
		},
		{
			name:   "regions on MinIO",
			config: keyWith(`regions = ["us-east-1"]`),
			want:   `Invalid Regions.*does not scope keys by region`,
		},
		{
			name:   "instance_id on MinIO",
			config: keyWith(`instance_id = "os-ab123"`),
			want:   `Invalid Instance ID.*has no storage instances`,
		},
		{
			name:   "policy over MinIO's limit",
			config: keyWith(`bucket_access = [` + strings.Join(manyBuckets, ",\n") + `]`),
			want:   `Invalid Bucket Access.*MinIO's limit of 4096 bytes`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			name := uniqueName(t, "bad")
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.config(name),
					ExpectError: errorPattern(tc.want),
				}},
			})
			expectNoKeyNamed(t, name)
		})
	}
}

// errorPattern compiles a pattern in which a space matches any run of
// white space and "." matches newlines: Terraform wraps diagnostics at
// arbitrary words.
func errorPattern(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// keyWith is a key named by the test with extra attributes.
func keyWith(attributes string) func(name string) string {
	return func(name string) string {
		return fmt.Sprintf(`
resource "objectstorage_access_key" "bad" {
  name = %[1]q
  %[2]s
}
`, name, attributes)
	}
}

func TestAccBucketAccess_badInput(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	cases := map[string]struct {
		attributes, want string
	}{
		"region on MinIO":    {`permission = "read_only"` + "\n" + `region = "us-east-1"`, `Invalid Region.*does not place buckets in regions`},
		"unknown permission": {`permission = "owner"`, `permission value must be one of:.*"read_only".*"read_write"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			keyName := uniqueName(t, "bad")
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
resource "objectstorage_access_key" "key" {
  name    = %[1]q
  limited = true
}

resource "objectstorage_bucket_access" "bad" {
  key_id = objectstorage_access_key.key.id
  bucket = "logs"
  %[2]s
}
`, keyName, tc.attributes),
					ExpectError: errorPattern(tc.want),
				}},
			})
			expectNoKeyNamed(t, keyName)
		})
	}
}

// Provider configuration errors name the block or attribute and the
// choices. These tests change the environment, so they do not run in
// parallel with others.
func TestAccProvider_configurationErrors(t *testing.T) {
	testAccPreCheck(t)
	endpoint := minioServer.Endpoint
	cases := []struct {
		name     string
		provider string
		env      map[string]string
		want     string
	}{
		{
			name: "no backend block and no environment",
			env:  map[string]string{"MINIO_ENDPOINT": "", "LINODE_TOKEN": "", "GLESYS_USERID": ""},
			want: `No Backend Configured.*exactly one backend: a "minio" block \(or MINIO_ENDPOINT`,
		},
		{
			name: "two backends in the environment",
			env:  map[string]string{"LINODE_TOKEN": "token"},
			want: `No Backend Configured.*The environment sets MINIO_ENDPOINT and LINODE_TOKEN`,
		},
		{
			name:     "two backend blocks",
			provider: `provider "objectstorage" {` + "\n" + `minio {}` + "\n" + `linode {}` + "\n}",
			want:     `Conflicting Backend Blocks.*"minio" and "linode"`,
		},
		{
			name:     "missing credentials",
			provider: fmt.Sprintf(`provider "objectstorage" {`+"\n"+`minio { endpoint = %q }`+"\n}", endpoint),
			env:      map[string]string{"MINIO_USER": "", "MINIO_PASSWORD": ""},
			want:     `Missing MinIO User.*MINIO_USER.*Missing MinIO Password.*needs the admin user's password: set minio.password in the provider block or the MINIO_PASSWORD environment variable`,
		},
		{
			name:     "missing GleSYS token",
			provider: `provider "objectstorage" {` + "\n" + `glesys { project = "CL12345" }` + "\n}",
			env:      map[string]string{"GLESYS_TOKEN": ""},
			want:     `Missing GleSYS Token.*set glesys.token in the provider block or the GLESYS_TOKEN environment variable`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			name := uniqueName(t, "noconfig")
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.provider + "\n" + keyWith("")(name),
					ExpectError: errorPattern(tc.want),
				}},
			})
			expectNoKeyNamed(t, name)
		})
	}
}

// A provider setting Terraform knows only after apply is named, with what
// to do instead; it never falls back to the environment, whose MinIO
// variables the acceptance tests set.
func TestAccProvider_unknownSettings(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	for setting, value := range map[string]string{
		"ssl":      "terraform_data.later.output == \"yes\"",
		"endpoint": "terraform_data.later.output",
	} {
		t.Run(setting, func(t *testing.T) {
			t.Parallel()
			name := uniqueName(t, "unknown")
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
resource "terraform_data" "later" {
  input = "yes"
}

provider "objectstorage" {
  minio {
    %s = %s
  }
}
`, setting, value) + keyWith("")(name),
					ExpectError: errorPattern(`Unknown Provider Setting.*minio.` + setting + ` depends on a value Terraform knows only after apply.*literal, a variable or the MINIO_`),
				}},
			})
			expectNoKeyNamed(t, name)
		})
	}
}

// refusedPlan is a configuration that must fail at plan time with an error
// matching want (see errorPattern).
type refusedPlan struct{ resource, want string }

// expectRefusedWithoutCalls runs each case against a service of its own,
// started by start (which returns the provider block and a count of the
// calls the service got), and checks that the plan fails as expected
// without any call reaching the service.
func expectRefusedWithoutCalls(t *testing.T, cases map[string]refusedPlan, start func(t *testing.T) (provider string, calls func() int)) {
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			provider, calls := start(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: provider + tc.resource, ExpectError: errorPattern(tc.want)}},
			})
			if n := calls(); n != 0 {
				t.Fatalf("a refused plan made %d calls to the service", n)
			}
		})
	}
}
