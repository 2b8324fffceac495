// Package b2test is what the provider's generic acceptance tests need of
// the Backblaze B2 backend: a fake of its own for each test, with the
// buckets the tests grant, the provider block that reaches it, and what B2
// refuses at plan time.
package b2test

import (
	"fmt"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2/fake"
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
	return acctest.ProviderBlock("b2", "url", s.URL, "application_key_id", s.KeyID, "application_key", s.Key)
}

// Env is the environment that configures the b2 block for s, with MinIO's
// variables emptied.
func Env(s *fake.Server) []string {
	return []string{"MINIO_ENDPOINT=", "B2_URL=" + s.URL, "B2_APPLICATION_KEY_ID=" + s.KeyID, "B2_APPLICATION_KEY=" + s.Key}
}

// Fixture is the B2 backend in the provider's generic acceptance tests. A
// create's fault is on b2_create_key; a read's, an update's (a rename
// replaces the key, so it is a create) and a delete's on b2_list_keys,
// b2_create_key and b2_delete_key.
var Fixture = acctest.Fixture{
	Backend: "b2",
	Start: func(t *testing.T, _ acctest.Shared) acctest.Service {
		s := Start(t)
		return acctest.Service{Provider: Provider(s), Address: s.URL, Recorder: s, Keys: func(string) map[string]string { return s.Keys() }}
	},
	Key: func(name, extra string) string {
		return acctest.KeyBlock(name, `bucket_access = [{ bucket = "faults", permission = "read_only" }]`+"\n  "+extra)
	},
	FaultOps:      map[string]string{"create": "b2_create_key", "read": "b2_list_keys", "update": "b2_create_key", "delete": "b2_delete_key"},
	FaultTimeouts: map[string]string{"update": "create"},
	BadInputs:     badInputs,
	Bench:         []acctest.BenchSetup{bench},
	Peers:         peers,
	Secrets:       secrets,
	Moves:         []func(*testing.T) acctest.MoveStory{moveApplicationKey},
}

func badInputs(*testing.T) []acctest.BadInput {
	key, grant := acctest.BadKey, acctest.BadGrant
	return acctest.BadInputs([][3]string{
		{"mixed permissions", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "read_only" }, { bucket = "data", permission = "read_write" }]`), `Invalid Bucket Access.*one permission for every bucket.*read_only on "logs"; read_write on "data".*split the key`},
		{"no bucket", "{{provider}}" + key("app", `bucket_access = []`), `Invalid Bucket Access.*B2 cannot make a key that reaches no bucket`},
		{"name with a dot", "{{provider}}" + key("app.reader", `bucket_access = [{ bucket = "logs", permission = "read_only" }]`), `Invalid Name.*1 to 100 letters, digits and -; "app.reader" is not one`},
		{"unknown permission", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "owner" }]`), acctest.AllowedPermissions},
		{"region on a grant", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "read_only", region = "us-west-004" }]`), `Invalid Bucket Access.*sets region, which this backend does not use`},
		{"instance_id", "{{provider}}" + key("app", `instance_id = "account"`), `Invalid Instance ID.*no storage instances: remove instance_id`},
		{"enabled = false", "{{provider}}" + key("app", "enabled = false"), `Invalid Enabled.*cannot switch a key off and on again`},
		{"secret_key_wo", "{{provider}}" + key("app", `secret_key_wo = "a-secret-of-ours"`+"\nsecret_key_wo_version = 1"), `Invalid Secret Key WO.*makes every key's secret itself`},
		{"expiry beyond 1,000 days", "{{provider}}" + key("app", `expires_at = "2099-01-01T00:00:00Z"`), `Invalid Expires At.*this backend takes an expiry 1m0s to 1000 days ahead`},
		{"standalone grant", "{{provider}}" + grant("bucket = \"logs\"\npermission = \"read_only\""), `Bucket Access Not Supported by This Backend`},
		{"import id with a dash", "{{provider}}" + fmt.Sprintf(acctest.ImportKeyBlock, "key-12") + key("app", ""), `Invalid Import ID.*"key-12" is not a B2 application key id`},
	})
}
