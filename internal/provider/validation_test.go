package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/miniotest"
)

// errorPattern compiles a pattern in which a space matches any run of
// white space and "." matches newlines: Terraform wraps diagnostics at
// arbitrary words.
func errorPattern(pattern string) *regexp.Regexp { return acctest.ErrorPattern(pattern) }

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

// Provider configuration errors that come from the environment name the
// block or attribute and the choices, and send no request: MINIO_ENDPOINT
// points at a counting proxy. These tests change the environment, so they
// do not run in parallel with others.
func TestAccProvider_configurationErrors(t *testing.T) {
	testAccPreCheck(t)
	cases := []struct {
		name     string
		provider string
		env      map[string]string
		want     string
	}{
		{
			name: "no backend block and no environment",
			env: map[string]string{"MINIO_ENDPOINT": "", "LINODE_TOKEN": "", "GLESYS_USERID": "", "AWS_ENDPOINT_URL_IAM": "",
				"DIGITALOCEAN_TOKEN": "", "DIGITALOCEAN_ACCESS_TOKEN": ""},
			want: `No Backend Configured.*exactly one backend: a "minio" block \(or MINIO_ENDPOINT`,
		},
		{
			name: "two backends in the environment",
			env:  map[string]string{"LINODE_TOKEN": "token"},
			want: `No Backend Configured.*The environment sets MINIO_ENDPOINT and LINODE_TOKEN`,
		},
		{
			// DigitalOcean's tools also read the token from its second name.
			name: "two backends in the environment, one by its second variable",
			env:  map[string]string{"DIGITALOCEAN_TOKEN": "", "DIGITALOCEAN_ACCESS_TOKEN": "token"},
			want: `No Backend Configured.*The environment sets MINIO_ENDPOINT and DIGITALOCEAN_ACCESS_TOKEN`,
		},
		{
			name: "missing credentials",
			env:  map[string]string{"MINIO_USER": "", "MINIO_PASSWORD": ""},
			want: `Missing MinIO User.*MINIO_USER.*Missing MinIO Password.*needs the admin user's password: set minio.password in the provider block or the MINIO_PASSWORD environment variable`,
		},
		{
			name: "HTTPS setting that is not a boolean",
			env:  map[string]string{"MINIO_ENABLE_HTTPS": "maybe"},
			want: `Invalid Environment Variable.*MINIO_ENABLE_HTTPS is "maybe"; allowed values are true and false`,
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
			svc := miniotest.Fixture.Start(t, sharedServers)
			t.Setenv("MINIO_ENDPOINT", svc.Address)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.provider + "\n" + keyWith("")(uniqueName(t, "noconfig")),
					ExpectError: errorPattern(tc.want),
				}},
			})
			if n := svc.Recorder.TotalRequests(); n != 0 {
				t.Fatalf("a refused plan sent %d requests to the service", n)
			}
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
