package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
)

// A key's secret, and the backend's credentials, never reach a TRACE log of
// Terraform and the provider, through create, update, import and destroy.
// The test changes the environment, so it does not run in parallel.
func TestAccAccessKey_secretNeverLogged(t *testing.T) {
	testAccPreCheck(t)
	bucket := uniqueName(t, "logged")
	makeBuckets(t, bucket)
	name := uniqueName(t, "secret")
	t.Run("MinIO", func(t *testing.T) {
		checkSecretNeverLogged(t, testAccKeyConfig(name, grantsHCL(bucket, "read_only")),
			testAccKeyConfig(name+"-x", grantsHCL(bucket, "read_write")), minioServer.Password)
	})
	t.Run("Linode", func(t *testing.T) {
		// The token comes from the environment, as in a real configuration:
		// a literal in the configuration text would be logged by the test
		// harness itself, which logs each step's configuration.
		s := fake.StartValidated(t)
		t.Setenv("LINODE_TOKEN", s.Token)
		provider := fmt.Sprintf("provider \"objectstorage\" {\n  linode {\n    url = %q\n  }\n}\n", s.URL)
		checkSecretNeverLogged(t, provider+linodeKeyResource("logged", "read_only"), provider+linodeKeyResource("logged-renamed", "read_only"), s.Token)
	})
}

// checkSecretNeverLogged applies create and then update, imports, destroys,
// and searches the TRACE log for the key's secret and a credential.
func checkSecretNeverLogged(t *testing.T, create, update, credential string) {
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	const address = "objectstorage_access_key.test"
	var secret string

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: create,
				Check: func(s *terraform.State) error {
					secret = s.RootModule().Resources[address].Primary.Attributes["secret_key"]
					if len(secret) < 8 {
						return fmt.Errorf("no secret in state")
					}
					return nil
				},
			},
			{Config: update},
			{ResourceName: address, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"secret_key"}},
		},
	})

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	// The log must hold the provider's own lines, or this test proves nothing.
	for _, line := range []string{"created access key", "updated access key", "deleted access key", "ApplyResourceChange"} {
		if !strings.Contains(log, line) {
			t.Fatalf("the TRACE log (%d bytes) lacks %q: it does not capture what it should", len(log), line)
		}
	}
	if strings.Contains(log, secret) {
		t.Errorf("the TRACE log contains the key's secret")
	}
	if strings.Contains(log, credential) {
		t.Errorf("the TRACE log contains the backend's credential")
	}
}
