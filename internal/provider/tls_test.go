package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
)

// MinIO over TLS with a certificate a private CA signed (here, a
// self-signed one the test makes): with ca_file the provider works end to
// end and the keys work over S3; without it the error names the
// certificate problem and the ca_file setting; with insecure it works and
// warns.
func TestAccMinIO_tls(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	server, err := acctest.StartMinIOWithTLS(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(server.Stop)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, server.CACertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	bucket := uniqueName(t, "tls")
	admin, err := server.S3(server.User, server.Password)
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.MakeBucket(context.Background(), bucket, acctest.ProbeObject, acctest.ProbeContent(bucket)); err != nil {
		t.Fatal(err)
	}
	provider := func(tlsSettings string) string {
		return fmt.Sprintf(`
provider "objectstorage" {
  minio {
    endpoint = %q
    user     = %q
    password = %q
    ssl      = true
    %s
  }
}
`, server.Endpoint, server.User, server.Password, tlsSettings)
	}
	key := testAccKeyConfig(uniqueName(t, "tls"), grantsHCL(bucket, "read_only"))

	t.Run("ca_file", func(t *testing.T) {
		const address = "objectstorage_access_key.test"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: provider(fmt.Sprintf("ca_file = %q", caFile)) + key,
				Check: func(st *terraform.State) error {
					attributes := st.RootModule().Resources[address].Primary.Attributes
					s3, err := server.S3(attributes["access_key"], attributes["secret_key"])
					if err != nil {
						return err
					}
					got, err := s3.Probe(context.Background(), bucket)
					if err != nil || got != acctest.ReadOnly {
						return fmt.Errorf("the key over TLS: %s, %v; want %s", got, err, acctest.ReadOnly)
					}
					return nil
				},
			}},
		})
	})

	t.Run("without ca_file", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      provider("") + key,
				ExpectError: errorPattern(`certificate this machine does not trust \(x509: certificate signed by unknown authority.*set minio.ca_file \(MINIO_CACERT_FILE\)`),
			}},
		})
	})

	t.Run("insecure", func(t *testing.T) {
		tf := acctest.NewTerraform(t, provider("insecure = true")+key)
		out, err := tf.Run("apply", "-auto-approve", "-input=false", "-no-color")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "Warning: Certificate Verification Disabled") {
			t.Fatalf("no warning about the skipped verification in:\n%s", out)
		}
		if _, err := tf.Run("destroy", "-auto-approve", "-input=false"); err != nil {
			t.Fatal(err)
		}
	})
}
