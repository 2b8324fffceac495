// Package digitaloceantest is what the provider's generic acceptance tests
// need of the DigitalOcean backend: a fake of its own for each test, the
// provider block that reaches it, and what DigitalOcean refuses at plan
// time.
package digitaloceantest

import (
	"fmt"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
)

// Provider is the provider block that reaches s.
func Provider(s *fake.Server) string {
	return acctest.ProviderBlock("digitalocean", "url", s.URL, "token", s.Token)
}

// Fixture is the DigitalOcean backend in the provider's generic acceptance
// tests. A create's fault is on its POST, never sent twice blindly; an
// update (a rename) is a PUT.
var Fixture = acctest.Fixture{
	Backend: "digitalocean",
	Start: func(t *testing.T, _ acctest.Shared) acctest.Service {
		s := fake.StartValidated(t)
		return acctest.Service{Provider: Provider(s), Address: s.URL, Recorder: s, Keys: func(string) map[string]string { return s.Keys() }}
	},
	Key: func(name, extra string) string {
		return acctest.KeyBlock(name, `bucket_access = [{ bucket = "faults", permission = "read_only" }]`+"\n  "+extra)
	},
	FaultOps:  map[string]string{"create": "POST keys", "read": "GET key", "update": "PUT key", "delete": "DELETE key"},
	BadInputs: badInputs,
	Bench:     []acctest.BenchSetup{bench},
	Peers:     peers,
	Secrets:   secrets,
	Moves:     []func(*testing.T) acctest.MoveStory{moveSpacesKey},
}

func badInputs(*testing.T) []acctest.BadInput {
	key, grant := acctest.BadKey, acctest.BadGrant
	return acctest.BadInputs([][3]string{
		{"bad bucket name", "{{provider}}" + key("app", fmt.Sprintf(acctest.ReadOnlyOn, "Bad_Bucket")), `Invalid Bucket Name.*"Bad_Bucket" is not a valid S3 bucket name`},
		{"unknown permission", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "fullaccess" }]`), acctest.AllowedPermissions},
		{"region on a grant", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "read_only", region = "nyc3" }]`), `Invalid Bucket Access.*sets region, which this backend does not use`},
		{"regions", "{{provider}}" + key("app", `regions = ["nyc3"]`), `Invalid Regions.*does not scope keys by region: remove regions`},
		{"instance_id", "{{provider}}" + key("app", `instance_id = "os-ab123"`), `Invalid Instance ID.*no storage instances: remove instance_id`},
		{"enabled = false", "{{provider}}" + key("app", "enabled = false"), `Invalid Enabled.*cannot switch a key off and on again`},
		{"expires_at", "{{provider}}" + key("app", `expires_at = "2030-01-01T00:00:00Z"`), `Invalid Expires At.*no expiry for keys: remove expires_at`},
		{"secret_key_wo", "{{provider}}" + key("app", `secret_key_wo = "a-secret-of-ours"`+"\nsecret_key_wo_version = 1"), `Invalid Secret Key WO.*makes every key's secret itself`},
		{"standalone grant", "{{provider}}" + grant("bucket = \"logs\"\npermission = \"read_only\""), `Bucket Access Not Supported by This Backend.*bucket_access attribute`},
		{"import id with a slash", "{{provider}}" + fmt.Sprintf(acctest.ImportKeyBlock, "team/DO00QWERTYUIOPASDFGH") + key("app", ""), `Invalid Import ID.*"team/DO00QWERTYUIOPASDFGH" is not a Spaces access key`},
		{"URL with a path", "provider \"objectstorage\" {\n  digitalocean {\n    url = \"{{address}}/v2\"\n    token = \"t\"\n  }\n}\n" + key("app", ""), `Invalid API URL.*without a path`},
		{"no token", "provider \"objectstorage\" {\n  digitalocean {\n    url = \"{{address}}\"\n  }\n}\n" + key("app", ""), `Missing DigitalOcean Token.*spaces_key scopes.*DIGITALOCEAN_TOKEN`},
	})
}
