package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/digitaloceantest"
	dofake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys/glesystest"
	linodefake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
	miniobackend "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
)

// `import` blocks with `terraform plan -generate-config-out` write a
// configuration for keys made outside Terraform; that configuration plans
// the import and no change, and after the import the plan is empty.
func TestAccAccessKey_importGeneratesConfig(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	cases := map[string]func(t *testing.T) (env []string, ids []string){
		"minio": func(t *testing.T) ([]string, []string) {
			bucket := uniqueName(t, "generated")
			makeBuckets(t, bucket)
			policy, err := miniobackend.PolicyOf([]backend.Grant{{Bucket: bucket, Permission: backend.ReadWrite}})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, req := range []adminapi.AddServiceAccount{
				{TargetUser: minioServer.User, Name: uniqueName(t, "gen-limited"), Policy: policy},
				{TargetUser: minioServer.User, Name: uniqueName(t, "gen-open")},
			} {
				creds, err := adminAPI(t).AddServiceAccount(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				removeServiceAccountAtCleanup(t, creds.AccessKey)
				ids = append(ids, creds.AccessKey)
			}
			return []string{"MINIO_USER=" + minioServer.User}, ids
		},
		"linode": func(t *testing.T) ([]string, []string) {
			s := linodefake.StartValidated(t)
			limited := s.AddLimitedKey(uniqueName(t, "gen-limited"), linodefake.Grant{Bucket: "reports", Permission: "read_only", Region: "nl-ams"})
			open := s.AddKeys(uniqueName(t, "gen-open"), 1)[0]
			return []string{"MINIO_ENDPOINT=", "LINODE_URL=" + s.URL, "LINODE_TOKEN=" + s.Token}, []string{strconv.Itoa(limited), strconv.Itoa(open)}
		},
		"digitalocean": func(t *testing.T) ([]string, []string) {
			s := dofake.StartValidated(t)
			limited, _ := s.AddKey(uniqueName(t, "gen-limited"), dofake.Grant{Bucket: "reports", Permission: "read"})
			none, _ := s.AddKey(uniqueName(t, "gen-none"))
			open := s.AddKeys(uniqueName(t, "gen-open"), 1)[0]
			return digitaloceantest.Env(s), []string{limited, none, open}
		},
		"glesys": func(t *testing.T) ([]string, []string) {
			s := glesystest.Start(t)
			id := glesystest.Instance + "/" + s.AddCredentialDescribed(glesystest.Instance, uniqueName(t, "gen"))
			return []string{"MINIO_ENDPOINT=", "GLESYS_API_URL=" + s.URL, "GLESYS_USERID=" + s.Project, "GLESYS_TOKEN=" + s.Token}, []string{id}
		},
	}
	for name, setup := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env, ids := setup(t)
			var imports strings.Builder
			for i, id := range ids {
				fmt.Fprintf(&imports, "import {\n  to = objectstorage_access_key.k%d\n  id = %q\n}\n\n", i, id)
			}
			tf := acctest.NewTerraform(t, imports.String(), env...)
			// Only Terraform's own resources: MinIO keeps the accounts the
			// test made until its cleanup, so nothing is destroyed here.
			if _, err := tf.Run("plan", "-input=false", "-generate-config-out=generated.tf"); err != nil {
				t.Fatal(err)
			}
			generated, err := os.ReadFile(filepath.Join(tf.Dir, "generated.tf"))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("generated configuration:\n%s", generated)
			expectImportsOnly(t, tf, len(ids))
			applySavedPlan(t, tf)
		})
	}
}

// The bulk adoption examples of the adopting-keys guide, as written there,
// adopt three MinIO keys made outside Terraform (two limited, one not):
// the plan imports each and changes nothing, and after the import the plan
// is empty.
func TestAccAccessKey_adoptInBulk(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	examples := map[string]func(t *testing.T, tf *acctest.Terraform, prefix string){
		"bulk.tf": func(t *testing.T, tf *acctest.Terraform, prefix string) {
			tf.WriteConfig(t, readExample(t, "bulk.tf", prefix))
		},
		"import-blocks.tf": func(t *testing.T, tf *acctest.Terraform, prefix string) {
			tf.WriteConfig(t, readExample(t, "import-blocks.tf", prefix))
			if _, err := tf.Run("apply", "-auto-approve", "-input=false"); err != nil {
				t.Fatal(err)
			}
			imports, err := tf.Run("output", "-raw", "import_blocks")
			if err != nil {
				t.Fatal(err)
			}
			tf.WriteConfig(t, imports)
			if _, err := tf.Run("plan", "-input=false", "-generate-config-out=generated.tf"); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, write := range examples {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			prefix := uniqueName(t, "legacy") + "-"
			bucket := uniqueName(t, "adopted")
			makeBuckets(t, bucket)
			policy, err := miniobackend.PolicyOf([]backend.Grant{{Bucket: bucket, Permission: backend.ReadOnly}})
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range [][]byte{policy, policy, nil} {
				creds, err := adminAPI(t).AddServiceAccount(context.Background(), adminapi.AddServiceAccount{
					TargetUser: minioServer.User, Name: fmt.Sprintf("%s%d", prefix, i), Policy: p,
				})
				if err != nil {
					t.Fatal(err)
				}
				removeServiceAccountAtCleanup(t, creds.AccessKey)
			}
			tf := acctest.NewTerraform(t, "")
			write(t, tf, prefix)
			expectImportsOnly(t, tf, 3)
			applySavedPlan(t, tf)
		})
	}
}

// readExample reads an example of the adopting-keys guide with its name
// prefix replaced.
func readExample(t *testing.T, file, prefix string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../../examples/guides/adopting-keys", file))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), `"legacy-"`, strconv.Quote(prefix))
}

// expectImportsOnly plans into tfplan and checks that it imports n keys
// and changes nothing.
func expectImportsOnly(t *testing.T, tf *acctest.Terraform, n int) {
	t.Helper()
	changes, _ := savedPlan(t, tf, n)
	for _, c := range changes {
		if strings.Join(c.Change.Actions, ",") != "no-op" || c.Change.Importing == nil {
			t.Errorf("%s: %v, importing %v; want an import and no change", c.Address, c.Change.Actions, c.Change.Importing)
		}
	}
}
