package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
)

// Every example directory passes `validate` with the provider built from
// this tree, installed through a dev override (no registry).
func TestAccExamplesValidate(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	dirs := map[string]bool{}
	err := filepath.WalkDir("../../examples", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".tf") {
			dirs[filepath.Dir(p)] = true
		}
		return err
	})
	if err != nil || len(dirs) < 6 {
		t.Fatalf("found %d example directories: %v", len(dirs), err)
	}
	for dir := range dirs {
		t.Run(strings.TrimPrefix(dir, "../../"), func(t *testing.T) {
			tf := acctest.NewTerraform(t, "")
			files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(tf.Dir, filepath.Base(f)), b, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := tf.Run("validate", "-no-color"); err != nil {
				t.Fatalf("validate %s: %v", dir, err)
			}
		})
	}
}

// The quickstart applies against MinIO and its keys do what it says.
// It sets the provider namespace the quickstart's required_providers use,
// so it does not run in parallel.
func TestAccExampleQuickstart(t *testing.T) {
	testAccPreCheck(t)
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "objectstorage-keys")
	s3 := adminS3(t)
	if err := s3.MakeBucket(context.Background(), "app-data", acctest.ProbeObject, acctest.ProbeContent("app-data")); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		CheckDestroy: checkKeysRevoked,
		Steps: []resource.TestStep{{
			// The quickstart names its provider in required_providers, which
			// terraform-plugin-testing counts as providers of the step.
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			ConfigDirectory:          config.StaticDirectory("../../examples/quickstart"),
			Check: resource.ComposeTestCheckFunc(
				checkAccess("objectstorage_access_key.reader", map[string]acctest.Access{"app-data": acctest.ReadOnly}),
				checkAccess("objectstorage_access_key.writer", map[string]acctest.Access{"app-data": acctest.ReadWrite}),
				checkAccess("objectstorage_access_key.no_bucket", map[string]acctest.Access{"app-data": acctest.NoAccess}),
			),
		}},
	})
}
