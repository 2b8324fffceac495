package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/miniotest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// testAccProtoV6ProviderFactories run the provider in-process for
// terraform-plugin-testing.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"objectstorage": providerserver.NewProtocol6WithError(New("test")()),
}

// minioServer is the MinIO server the acceptance tests share; the provider
// finds it through the MINIO_* environment variables set in TestMain.
var minioServer *acctest.MinIOServer

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	if os.Getenv("TF_ACC") == "" {
		return m.Run()
	}
	var err error
	minioServer, err = acctest.StartMinIO(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "start MinIO for the acceptance tests:", err)
		return 1
	}
	defer minioServer.Stop()
	defer acctest.StopSharedServers()
	defer acctest.RemoveBuiltProvider()
	for k, v := range minioServer.Env() {
		os.Setenv(k, v)
	}
	return acctest.WithEmptyCLIConfig(m.Run)
}

func testAccPreCheck(t *testing.T) {
	t.Helper()
	if minioServer == nil {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
}

// hclList renders strings as an HCL list (JSON's syntax is valid HCL).
// slowTest skips a proof that waits on a server's clock for about d
// unless TF_ACC_SLOW is set, as make test-slow sets it: make test stays
// minutes long.
func slowTest(t *testing.T, d time.Duration) {
	t.Helper()
	if os.Getenv("TF_ACC_SLOW") == "" {
		t.Skipf("a slow proof (it waits about %s on the server's clock): make test-slow runs it", d)
	}
}

func hclList(values []string) string {
	if len(values) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(values)
	return string(b)
}

// uniqueName is a key or bucket name no other test uses.
func uniqueName(t *testing.T, prefix string) string { return backendtest.UniqueName(t, prefix) }

// adminS3 acts as the MinIO root user.
func adminS3(t *testing.T) *acctest.S3 {
	t.Helper()
	s3, err := acctest.NewS3(minioServer.Endpoint, minioServer.User, minioServer.Password)
	if err != nil {
		t.Fatal(err)
	}
	return s3
}

// minioProxy starts a fault proxy of the test's own in front of the shared
// MinIO server: it counts requests and serves injected faults.
func minioProxy(t *testing.T) *acctest.FaultProxy {
	t.Helper()
	return acctest.ProxyFor(t, minioServer.Endpoint)
}

// minioProviderAt configures the provider for the MinIO endpoint at addr
// (a fault proxy's), with the admin credentials from the environment.
func minioProviderAt(addr string) string {
	return fmt.Sprintf("provider \"objectstorage\" {\n  minio {\n    endpoint = %q\n  }\n}\n", addr)
}

// adminAPI changes the server behind Terraform's back.
func adminAPI(t *testing.T) *acctest.Admin {
	t.Helper()
	admin, err := acctest.NewAdmin(minioServer.Endpoint, minioServer.User, minioServer.Password)
	if err != nil {
		t.Fatal(err)
	}
	return admin
}

// makeBuckets creates buckets, each holding the probe object.
func makeBuckets(t *testing.T, names ...string) {
	t.Helper()
	s3 := adminS3(t)
	for _, name := range names {
		if err := s3.MakeBucket(context.Background(), name, acctest.ProbeObject, acctest.ProbeContent(name)); err != nil {
			t.Fatal(err)
		}
	}
}

// keyS3 returns an S3 client acting as the key of a resource in state.
func keyS3(s *terraform.State, address string) (*acctest.S3, error) {
	rs, ok := s.RootModule().Resources[address]
	if !ok {
		return nil, fmt.Errorf("%s is not in state", address)
	}
	return acctest.NewS3(minioServer.Endpoint, rs.Primary.Attributes["access_key"], rs.Primary.Attributes["secret_key"])
}

// checkAccess proves with S3 calls what a key in state can do per bucket.
func checkAccess(address string, want map[string]acctest.Access) func(*terraform.State) error {
	return func(s *terraform.State) error {
		s3, err := keyS3(s, address)
		if err != nil {
			return err
		}
		return probeAll(s3, address, want)
	}
}

// probeAll proves with S3 calls what the client's key (who) can do per
// bucket.
func probeAll(s3 *acctest.S3, who string, want map[string]acctest.Access) error {
	for bucket, w := range want {
		got, err := s3.Probe(context.Background(), bucket)
		if err != nil {
			return fmt.Errorf("%s: %w", who, err)
		}
		if got != w {
			return fmt.Errorf("%s on bucket %s: got %s, want %s", who, bucket, got, w)
		}
	}
	return nil
}

// checkKeysRevoked proves that no key of the given resources authenticates
// any more (CheckDestroy sees the state from before the destroy).
func checkKeysRevoked(s *terraform.State) error {
	for address, rs := range s.RootModule().Resources {
		if rs.Type != "objectstorage_access_key" || strings.HasPrefix(address, "data.") {
			continue // a data source holds no secret
		}
		if err := checkKeyRefused(address)(s); err != nil {
			return err
		}
	}
	return nil
}

// checkKeyRefused proves with S3 that MinIO refuses a key in state
// altogether (unknown, switched off or expired): it cannot even list
// buckets.
func checkKeyRefused(address string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		s3, err := keyS3(s, address)
		if err != nil {
			return err
		}
		if _, err := s3.ListBuckets(context.Background()); !acctest.IsUnknownKey(err) {
			return fmt.Errorf("%s: listing buckets gave %v, want the key refused", address, err)
		}
		return nil
	}
}

// expectNoKeyNamed fails when a key with a name beginning with prefix
// exists: after a refused plan, nothing may have been created.
func expectNoKeyNamed(t *testing.T, prefix string) {
	t.Helper()
	if len(miniotest.KeysNamed(t, minioServer, prefix)) > 0 {
		t.Fatalf("a key named %s* exists, but the configuration was refused before any call", prefix)
	}
}

// checkNoGrantNamed fails when a data source's grants list a key name.
func checkNoGrantNamed(address, name string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in state", address)
		}
		for k, v := range rs.Primary.Attributes {
			if strings.HasPrefix(k, "grants.") && strings.HasSuffix(k, ".name") && v == name {
				return fmt.Errorf("%s lists key %s, which cannot reach the bucket", address, name)
			}
		}
		return nil
	}
}
