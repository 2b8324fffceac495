// Package garagetest is what the provider's generic acceptance tests need
// of the Garage backend: a fake of its own for each test, with the buckets
// the tests grant, the provider block that reaches it, and what Garage
// refuses at plan time.
package garagetest

import (
	"fmt"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/garage/fake"
)

// Buckets are the buckets every fake of the tests holds.
var Buckets = []string{"faults", "secrets", "logs", "data", "bench"}

// Start runs a fake of the test's own, with Buckets, stopped when the test
// ends.
func Start(t *testing.T) *fake.Server {
	t.Helper()
	s := StartFake()
	t.Cleanup(s.Close)
	return s
}

// StartFake runs a fake with Buckets; the caller closes it.
func StartFake() *fake.Server {
	s := fake.Start()
	for _, b := range Buckets {
		s.AddBucket(b)
	}
	return s
}

// Provider is the provider block that reaches s.
func Provider(s *fake.Server) string {
	return acctest.ProviderBlock("garage", "endpoint", s.URL, "admin_token", s.Token)
}

// Fixture is the Garage backend in the provider's generic acceptance
// tests. A create's fault is on ImportKey, a read's on GetKeyInfo, an
// update's (a rename) on UpdateKey, a delete's on DeleteKey.
var Fixture = acctest.Fixture{
	Backend: "garage",
	Start: func(t *testing.T, _ acctest.Shared) acctest.Service {
		s := Start(t)
		return acctest.Service{Provider: Provider(s), Address: s.URL, Recorder: s, Keys: func(string) map[string]string { return s.Keys() }}
	},
	Key: func(name, extra string) string {
		return acctest.KeyBlock(name, `bucket_access = [{ bucket = "faults", permission = "read_only" }]`+"\n  "+extra)
	},
	FaultOps:  map[string]string{"create": "ImportKey", "read": "GetKeyInfo", "update": "UpdateKey", "delete": "DeleteKey"},
	BadInputs: badInputs,
	Bench:     []acctest.BenchSetup{bench},
	Secrets:   secrets,
}

func badInputs(*testing.T) []acctest.BadInput {
	key := acctest.BadKey
	block := func(settings string) string {
		return "provider \"objectstorage\" {\n  garage {\n    admin_token = \"t\"\n    " + settings + "\n  }\n}\n"
	}
	return acctest.BadInputs([][3]string{
		{"unrestricted key", "{{provider}}" + key("app", ""), `Invalid Bucket Access.*no key that reaches every bucket.*List the buckets in bucket_access`},
		{"limited = false", "{{provider}}" + key("app", "limited = false"), `Invalid Bucket Access.*no key that reaches every bucket`},
		{"unknown permission", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "owner" }]`), acctest.AllowedPermissions},
		{"region on a grant", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "read_only", region = "garage" }]`), `Invalid Bucket Access.*sets region, which this backend does not use`},
		{"regions", "{{provider}}" + key("app", "limited = true\nregions = [\"garage\"]"), `Invalid Regions.*does not scope keys by region: remove regions`},
		{"instance_id", "{{provider}}" + key("app", "limited = true\ninstance_id = \"cluster-a\""), `Invalid Instance ID.*no storage instances: remove instance_id`},
		{"enabled = false", "{{provider}}" + key("app", "limited = true\nenabled = false"), `Invalid Enabled.*cannot switch a key off and on again`},
		{"secret_key_wo", "{{provider}}" + key("app", "limited = true\nsecret_key_wo = \"a-secret-of-ours\"\nsecret_key_wo_version = 1"), `Invalid Secret Key WO.*makes every key's secret itself`},
		{"import id not a Garage key id", "{{provider}}" + fmt.Sprintf(acctest.ImportKeyBlock, "key-12") + key("app", "limited = true"), `Invalid Import ID.*"key-12" is not a Garage key id: that is GK and 24 lowercase hex digits`},
		{"endpoint without a scheme", block(`endpoint = "garage.example.com:3903"`) + key("app", "limited = true"), `Invalid Garage Endpoint.*"garage.example.com:3903"; it takes the admin API's http or https URL`},
		{"endpoint with a path", block(`endpoint = "{{address}}/v2"`) + key("app", "limited = true"), `Invalid Garage Endpoint.*without a path`},
	})
}
