// Package glesystest is what the provider's generic acceptance tests need
// of the GleSYS backend: a fake of its own for each test with one storage
// instance, the provider block that reaches it, and what GleSYS refuses at
// plan time.
package glesystest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys/fake"
)

// Instance is the storage instance every fake of the fixture holds.
const Instance = "os-ab123"

// Start starts a fake with Instance, closed when the test ends.
func Start(t *testing.T) *fake.Server {
	t.Helper()
	s := fake.Start()
	t.Cleanup(s.Close)
	s.AddInstance(Instance, "test instance")
	return s
}

// Provider is the provider block that reaches s.
func Provider(s *fake.Server) string {
	return acctest.ProviderBlock("glesys", "url", s.URL, "project", s.Project, "token", s.Token)
}

// Fixture is the GleSYS backend in the provider's generic acceptance
// tests. GleSYS changes a description by replacement, so an update's
// request is a create, bounded by the create timeout.
var Fixture = acctest.Fixture{
	Backend: "glesys",
	Start: func(t *testing.T, _ acctest.Shared) acctest.Service {
		s := Start(t)
		return acctest.Service{Provider: Provider(s), Address: s.URL, Recorder: s, Keys: func(string) map[string]string {
			keys := map[string]string{}
			for id, description := range s.Credentials(Instance) {
				keys[Instance+"/"+id] = description
			}
			return keys
		}}
	},
	Key: func(name, extra string) string {
		return acctest.KeyBlock(name, fmt.Sprintf("instance_id = %q\n  %s", Instance, extra))
	},
	FaultOps:      map[string]string{"create": "createcredential", "read": "instancedetails", "update": "createcredential", "delete": "deletecredential"},
	FaultTimeouts: map[string]string{"update": "create"},
	BadInputs:     badInputs,
	Bench:         []acctest.BenchSetup{bench},
	Peers:         peers,
	Secrets:       secrets,
	Moves:         []func(*testing.T) acctest.MoveStory{moveCredential},
}

func badInputs(*testing.T) []acctest.BadInput {
	key, grant := acctest.BadKey, acctest.BadGrant
	instance := fmt.Sprintf("instance_id = %q", Instance)
	return acctest.BadInputs([][3]string{
		{"description too long", "{{provider}}" + key(strings.Repeat("x", 256), instance), `Invalid Name.*A GleSYS credential description has 1 to 255 characters; this one has 256`},
		{"bucket_access", "{{provider}}" + key("app", instance+"\n"+fmt.Sprintf(acctest.ReadOnlyOn, "logs")), `Invalid Bucket Access.*no per-bucket permissions: every key reaches every bucket`},
		{"limited", "{{provider}}" + key("app", instance+"\nlimited = true"), `Invalid Bucket Access.*bucket_access and limited cannot be set`},
		{"no instance_id", "{{provider}}" + key("app", ""), `Invalid Instance ID.*set instance_id`},
		{"standalone grant", "{{provider}}" + grant("bucket = \"logs\"\npermission = \"read_only\""), `Bucket Access Not Supported by This Backend`},
		{"enabled = false", "{{provider}}" + key("app", instance+"\nenabled = false"), `Invalid Enabled.*cannot switch a key off and on again`},
		{"expires_at", "{{provider}}" + key("app", instance+"\n"+`expires_at = "2030-01-01T00:00:00Z"`), `Invalid Expires At.*no expiry for keys`},
		{"import id without its instance", "{{provider}}" + fmt.Sprintf(acctest.ImportKeyBlock, "376af022-c81e-4a02-9f28-0dce6ba24387") + key("app", instance), `Invalid Import ID.*use INSTANCE_ID/CREDENTIAL_ID, for example os-ab123/`},
		{"URL of another scheme", "provider \"objectstorage\" {\n  glesys {\n    url = \"ftp://api.glesys.com\"\n    project = \"CL1\"\n    token = \"t\"\n  }\n}\n" + key("app", instance), `Invalid API URL.*"ftp://api.glesys.com" is not an http or https scheme`},
	})
}
