// Package miniotest is what the provider's generic acceptance tests need
// of the MinIO backend: a fault proxy of its own in front of the shared
// MinIO for each test, the provider block that reaches it, the server's
// own view of the test's keys, and what MinIO refuses at plan time.
package miniotest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
)

// Provider is the provider block that reaches s at endpoint (the server's
// own, or a proxy's in front of it).
func Provider(s *acctest.MinIOServer, endpoint string) string {
	return acctest.ProviderBlock("minio", "endpoint", endpoint, "user", s.User, "password", s.Password)
}

// KeysNamed is the server's own view of the service accounts whose names
// begin with prefix: name by access key.
func KeysNamed(t *testing.T, s *acctest.MinIOServer, prefix string) map[string]string {
	t.Helper()
	b, err := minio.New(minio.Config{Endpoint: s.Endpoint, User: s.User, Password: s.Password})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := b.ListKeys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, k := range keys {
		if strings.HasPrefix(k.Name, prefix) {
			out[k.AccessKey] = k.Name
		}
	}
	return out
}

// Fixture is the MinIO backend in the provider's generic acceptance tests.
var Fixture = acctest.Fixture{
	Backend: "minio",
	Start: func(t *testing.T, shared acctest.Shared) acctest.Service {
		s := shared.MinIO(t)
		proxy := acctest.ProxyFor(t, s.Endpoint)
		return acctest.Service{
			Provider: Provider(s, proxy.Endpoint), Address: proxy.Endpoint, Recorder: proxy,
			Keys: func(prefix string) map[string]string { return KeysNamed(t, s, prefix) },
		}
	},
	Key: func(name, extra string) string {
		return acctest.KeyBlock(name, `bucket_access = [{ bucket = "faults", permission = "read_only" }]`+"\n  "+extra)
	},
	FaultOps: map[string]string{
		"create": "add-service-account", "read": "export-iam",
		"update": "update-service-account", "delete": "delete-service-account",
	},
	BadInputs: badInputs,
	Bench:     []acctest.BenchSetup{bench},
	Peers:     peers,
	Secrets:   secrets,
}

const nameRule = `Invalid Name.*is not a MinIO service-account name: use 1 to 32 characters, a letter first, then letters, digits, '_' or '-'`

func badInputs(t *testing.T) []acctest.BadInput {
	var manyBuckets []string
	for i := range 60 {
		manyBuckets = append(manyBuckets, fmt.Sprintf(`{ bucket = "bucket-with-a-long-name-%03d", permission = "read_only" }`, i))
	}
	garbage := filepath.Join(t.TempDir(), "not-pem.txt")
	if err := os.WriteFile(garbage, []byte("no certificate here"), 0o600); err != nil {
		t.Fatal(err)
	}
	key, grant := acctest.BadKey, acctest.BadGrant
	return acctest.BadInputs([][3]string{
		{"name with a space", "{{provider}}" + key("has a space", ""), nameRule},
		{"name too long", "{{provider}}" + key("a"+strings.Repeat("x", 32), ""), nameRule},
		{"name beginning with a digit", "{{provider}}" + key("1app", ""), nameRule},
		{"policy over MinIO's limit", "{{provider}}" + key("app", `bucket_access = [`+strings.Join(manyBuckets, ",\n")+`]`), `Invalid Bucket Access.*MinIO's limit of 4096 bytes.*grant fewer buckets`},
		{"region", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "read_only", region = "us-east-1" }]`), `Invalid Bucket Access.*sets region, which this backend does not use: remove it`},
		{"regions", "{{provider}}" + key("app", `regions = ["us-east-1"]`), `Invalid Regions.*does not scope keys by region: remove regions`},
		{"instance_id", "{{provider}}" + key("app", `instance_id = "os-ab123"`), `Invalid Instance ID.*has no storage instances: remove instance_id`},
		{"grant region", "{{provider}}" + grant("bucket = \"logs\"\npermission = \"read_only\"\nregion = \"us-east-1\""), `Invalid Region.*does not place buckets in regions: remove region`},
		{"expires_at sooner than MinIO takes", "{{provider}}" + key("app", `expires_at = "{{in 5 minutes}}"`), `Invalid Expires At.*lies [0-9]+ minutes ahead; this backend takes an expiry 15 minutes to 365 days ahead`},
		{"expires_at later than MinIO takes", "{{provider}}" + key("app", `expires_at = "{{in 400 days}}"`), `Invalid Expires At.*lies 39[0-9] days ahead; this backend takes an expiry 15 minutes to 365 days ahead`},
		{"secret_key_wo too short", "{{provider}}" + key("app", `secret_key_wo = "short"`+"\nsecret_key_wo_version = 1"), `Invalid Secret Key WO.*MinIO takes a secret of 8 to 40 bytes; this one has 5`},
		{"import id with a space", "{{provider}}" + fmt.Sprintf(acctest.ImportKeyBlock, "NOT A KEY") + key("app", ""), `Invalid Import ID.*"NOT A KEY" is not a MinIO service account's access key: one has 3 to 20 characters`},
		{"endpoint with a scheme", "provider \"objectstorage\" {\n  minio {\n    endpoint = \"http://{{address}}\"\n  }\n}\n" + key("app", ""), `Invalid MinIO Settings.*endpoint must be host:port without a scheme`},
		{"unreadable CA file", "provider \"objectstorage\" {\n  minio {\n    endpoint = \"{{address}}\"\n    ssl = true\n    ca_file = \"/nonexistent/ca.pem\"\n  }\n}\n" + key("app", ""), `Unreadable CA File.*cannot read the CA file`},
		{"CA file without a certificate", fmt.Sprintf("provider \"objectstorage\" {\n  minio {\n    endpoint = \"{{address}}\"\n    ssl = true\n    ca_file = %q\n  }\n}\n", garbage) + key("app", ""), `Invalid MinIO Settings.*ca_file must hold PEM certificates.*holds no PEM certificate`},
	})
}
