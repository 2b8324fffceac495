// Package cephtest is what the tests need of the ceph backend: a real
// single-node Ceph of the test binary's own (server.go), a fault proxy of
// each test's own in front of it, the provider block that reaches it, the
// gateway's own view of the test's keys, and what the backend refuses at
// plan time.
package cephtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/ceph"
)

// Shared is the test binary's Ceph, started on first use. Tests skip
// without TF_ACC (make test sets it), and where Ceph is not installed,
// naming the make target that installs it; on CI (CI=true) a missing Ceph
// fails instead.
func Shared(t testing.TB) *Server {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("needs a local Ceph: set TF_ACC=1 (make test does)")
	}
	if _, err := exec.LookPath("radosgw"); err != nil {
		const missing = "needs Ceph's radosgw, ceph-mon and ceph-osd on PATH: run `make ceph` (tools/install-ceph.sh, as root)"
		if os.Getenv("CI") == "true" {
			t.Fatal(missing)
		}
		t.Skip(missing)
	}
	return acctest.SharedServer(t, "ceph", Start)
}

// Provider is the provider block that reaches the gateway at endpoint
// (host:port) as s's admin user.
func Provider(s *Server, endpoint string) string {
	return acctest.ProviderBlock("ceph", "endpoint", "http://"+endpoint, "access_key", s.AccessKey, "secret_key", s.SecretKey)
}

// Behind is a fault proxy of the test's own in front of s, and s's
// configuration through it.
func Behind(t *testing.T, s *Server) (*acctest.FaultProxy, ceph.Config) {
	t.Helper()
	proxy := acctest.ProxyFor(t, s.Endpoint)
	cfg := s.Config()
	cfg.Endpoint = "http://" + proxy.Endpoint
	return proxy, cfg
}

// KeysNamed is the gateway's own view of the backend's keys whose names
// begin with prefix: name by access key, read with the admin user.
func KeysNamed(t *testing.T, s *Server, prefix string) map[string]string {
	t.Helper()
	b, err := ceph.New(s.Config())
	if err != nil {
		t.Fatal(err)
	}
	keys, err := b.ListKeys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]string{}
	for _, k := range keys {
		if strings.HasPrefix(k.Name, prefix) {
			named[k.ID] = k.Name
		}
	}
	return named
}

// Fixture is the ceph backend in the provider's generic acceptance tests.
// A create's fault is on its user's PUT, a read's on the user's metadata
// read, an update's (a rename) on the user's POST, a delete's on the
// DELETE.
var Fixture = acctest.Fixture{
	Backend: "ceph",
	Start: func(t *testing.T, _ acctest.Shared) acctest.Service {
		s := Shared(t)
		proxy := acctest.ProxyFor(t, s.Endpoint)
		return acctest.Service{
			Provider: Provider(s, proxy.Endpoint), Address: "http://" + proxy.Endpoint, Recorder: proxy,
			Keys: func(prefix string) map[string]string { return KeysNamed(t, s, prefix) },
		}
	},
	Key: func(name, extra string) string {
		return acctest.KeyBlock(name, `bucket_access = [{ bucket = "faults", permission = "read_only" }]`+"\n  "+extra)
	},
	FaultOps:  map[string]string{"create": "PUT user", "read": "GET metadata/user", "update": "POST user", "delete": "DELETE user"},
	BadInputs: badInputs,
	Bench:     []acctest.BenchSetup{bench},
	Secrets:   secrets,
}

// block is a ceph provider block with the settings given.
func block(settings string) string {
	return "provider \"objectstorage\" {\n  ceph {\n    access_key = \"a\"\n    secret_key = \"s\"\n    " + settings + "\n  }\n}\n"
}

func badInputs(*testing.T) []acctest.BadInput {
	key := acctest.BadKey
	return acctest.BadInputs([][3]string{
		{"name too long", "{{provider}}" + key(strings.Repeat("x", 129), ""), `Invalid Name.*display name: 1 to 128 characters`},
		{"unknown permission", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "owner" }]`), acctest.AllowedPermissions},
		{"region on a grant", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "read_only", region = "us-east-1" }]`), `Invalid Bucket Access.*sets region, which this backend does not use`},
		{"regions", "{{provider}}" + key("app", `regions = ["us-east-1"]`), `Invalid Regions.*does not scope keys by region: remove regions`},
		{"instance_id", "{{provider}}" + key("app", `instance_id = "zone-a"`), `Invalid Instance ID.*no storage instances: remove instance_id`},
		{"expires_at", "{{provider}}" + key("app", `expires_at = "2030-01-01T00:00:00Z"`), `Invalid Expires At.*no expiry for keys: remove expires_at`},
		{"short secret_key_wo", "{{provider}}" + key("app", `secret_key_wo = "short"`+"\nsecret_key_wo_version = 1"), `Invalid Secret Key WO.*8 to 128 printable ASCII characters`},
		{"import id not an access key", "{{provider}}" + fmt.Sprintf(acctest.ImportKeyBlock, "key-12") + key("app", ""), `Invalid Import ID.*"key-12" is not a Ceph RGW key id: that is its access key`},
		{"endpoint without a scheme", block(`endpoint = "rgw.example.com:7480"`) + key("app", ""), `Invalid Ceph RGW Endpoint.*"rgw.example.com:7480"; it takes the gateway's http or https URL`},
		{"endpoint with a path", block(`endpoint = "{{address}}/admin"`) + key("app", ""), `Invalid Ceph RGW Endpoint.*without a path`},
		{"user prefix with a dollar", block(`endpoint = "{{address}}"`+"\n"+`user_prefix = "tenant$app-"`) + key("app", ""), `Invalid Ceph RGW User Prefix.*"tenant\$app-"; it takes 1 to 40 letters, digits`},
		{"unreadable CA file", block(`endpoint = "{{address}}"`+"\n"+`ca_file = "/nonexistent/ca.pem"`) + key("app", ""), `Unreadable CA File.*cannot read the CA file`},
	})
}
