// Package linodetest is what the provider's generic acceptance tests need
// of the Linode backend: a fake of its own for each test, the provider
// block that reaches it, and what Linode refuses at plan time.
package linodetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
)

// Provider is the provider block that reaches s.
func Provider(s *fake.Server) string {
	return acctest.ProviderBlock("linode", "url", s.URL, "token", s.Token)
}

// Fixture is the Linode backend in the provider's generic acceptance tests.
var Fixture = acctest.Fixture{
	Backend: "linode",
	Start: func(t *testing.T, _ acctest.Shared) acctest.Service {
		s := fake.StartValidated(t)
		return acctest.Service{Provider: Provider(s), Address: s.URL, Recorder: s, Keys: func(string) map[string]string { return s.Keys() }}
	},
	Key: func(name, extra string) string {
		return acctest.KeyBlock(name, `bucket_access = [{ bucket = "faults", permission = "read_only", region = "nl-ams" }]`+"\n  "+extra)
	},
	FaultOps:  map[string]string{"create": "POST keys", "read": "GET key", "update": "PUT key", "delete": "DELETE key"},
	BadInputs: badInputs,
	Bench:     []acctest.BenchSetup{bench},
	Peers:     peers,
	Secrets:   secrets,
	Moves:     []func(*testing.T) acctest.MoveStory{moveObjectStorageKey},
}

func badInputs(*testing.T) []acctest.BadInput {
	key, grant := acctest.BadKey, acctest.BadGrant
	return acctest.BadInputs([][3]string{
		{"name with a tab", "{{provider}}" + key("app\tkey", ""), `Invalid Name.*has a control character \(U\+0009\)`},
		{"label too short", "{{provider}}" + key("ab", ""), `Invalid Name.*A Linode label has 3 to 50 characters; "ab" has 2`},
		{"label too long", "{{provider}}" + key(strings.Repeat("x", 51), ""), `Invalid Name.*A Linode label has 3 to 50 characters.*has 51`},
		{"unknown permission", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "write_only", region = "nl-ams" }]`), acctest.AllowedPermissions},
		{"no region", "{{provider}}" + key("app", fmt.Sprintf(acctest.ReadOnlyOn, "logs")), `Invalid Bucket Access.*"logs" needs region`},
		{"regions missing a bucket region", "{{provider}}" + key("app", `regions = ["us-iad"]`+"\n"+`bucket_access = [{ bucket = "logs", permission = "read_only", region = "nl-ams" }]`), `Invalid Regions.*must include every bucket_access region; "nl-ams"`},
		{"no regions", "{{provider}}" + key("app", `regions = []`), `Invalid Attribute Value.*regions set must contain at least 1 elements, got: 0`},
		{"standalone grant", "{{provider}}" + grant("bucket = \"logs\"\npermission = \"read_only\"\nregion = \"nl-ams\""), `Bucket Access Not Supported by This Backend.*bucket_access attribute`},
		{"enabled = false", "{{provider}}" + key("app", "enabled = false"), `Invalid Enabled.*cannot switch a key off and on again: remove enabled or set it to true`},
		{"expires_at", "{{provider}}" + key("app", `expires_at = "2030-01-01T00:00:00Z"`), `Invalid Expires At.*no expiry for keys: remove expires_at`},
		{"secret_key_wo", "{{provider}}" + key("app", `secret_key_wo = "a-secret-of-ours"`+"\nsecret_key_wo_version = 1"), `Invalid Secret Key WO.*makes every key's secret itself and shows it once: remove secret_key_wo`},
		{"import id not a number", "{{provider}}" + fmt.Sprintf(acctest.ImportKeyBlock, "key-12") + key("app", ""), `Invalid Import ID.*"key-12" is not a Linode key id: Linode key ids are positive numbers`},
		{"import id with a leading zero", "{{provider}}" + fmt.Sprintf(acctest.ImportKeyBlock, "012") + key("app", ""), `Invalid Import ID.*"012" is not a Linode key id: Linode key ids are positive numbers written without sign or leading zeros`},
		{"URL without a scheme", "provider \"objectstorage\" {\n  linode {\n    url = \"api.linode.com\"\n    token = \"t\"\n  }\n}\n" + key("app", ""), `Invalid API URL.*"api.linode.com" is not an http or https scheme and a host`},
		{"URL with a path", "provider \"objectstorage\" {\n  linode {\n    url = \"{{address}}/v4\"\n    token = \"t\"\n  }\n}\n" + key("app", ""), `Invalid API URL.*without a path`},
	})
}
