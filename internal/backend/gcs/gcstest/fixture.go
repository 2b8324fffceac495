package gcstest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
)

// Fixture is the Google Cloud Storage backend in the provider's generic
// acceptance tests. A create's fault is on the HMAC key's create, a
// read's on its read, an update's (a rename) on the account's patch, a
// delete's on the HMAC key's delete.
var Fixture = acctest.Fixture{
	Backend: "gcs",
	Start: func(t *testing.T, _ acctest.Shared) acctest.Service {
		s := Start(t)
		return acctest.Service{Provider: Provider(s), Address: s.URL, Recorder: s, Keys: func(string) map[string]string { return s.Names() }}
	},
	Key: func(name, extra string) string {
		return acctest.KeyBlock(name, `bucket_access = [{ bucket = "faults", permission = "read_only" }]`+"\n  "+extra)
	},
	FaultOps:  map[string]string{"create": "hmacKeys.create", "read": "hmacKeys.get", "update": "serviceAccounts.patch", "delete": "hmacKeys.delete"},
	BadInputs: badInputs,
	Bench:     []acctest.BenchSetup{bench},
	Peers:     peers,
	Secrets:   secrets,
	Moves:     []func(*testing.T) acctest.MoveStory{moveHMACKey},
}

func badInputs(*testing.T) []acctest.BadInput {
	key := acctest.BadKey
	block := func(settings string) string {
		return "provider \"objectstorage\" {\n  gcs {\n    " + settings + "\n  }\n}\n"
	}
	return acctest.BadInputs([][3]string{
		{"unrestricted key", "{{provider}}" + key("app", ""), `Invalid Bucket Access.*no key that reaches every bucket.*List the buckets in bucket_access`},
		{"bucket name Cloud Storage refuses", "{{provider}}" + key("app", `bucket_access = [{ bucket = "google-logs", permission = "read_only" }]`), `Invalid Bucket Access.*"google-logs" is not a Cloud Storage bucket name.*cannot begin with goog`},
		{"name too long", "{{provider}}" + key(strings.Repeat("x", 101), "limited = true"), `Invalid Name.*1 to 100 bytes`},
		{"unknown permission", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "admin" }]`), acctest.AllowedPermissions},
		{"region on a grant", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "read_only", region = "eu" }]`), `Invalid Bucket Access.*sets region, which this backend does not use`},
		{"expires_at", "{{provider}}" + key("app", "limited = true\nexpires_at = \"2030-01-01T00:00:00Z\""), `Invalid Expires At.*no expiry for keys`},
		{"secret_key_wo", "{{provider}}" + key("app", "limited = true\nsecret_key_wo = \"a-secret-of-ours\"\nsecret_key_wo_version = 1"), `Invalid Secret Key WO.*makes every key's secret itself`},
		{"import id not an access id", "{{provider}}" + fmt.Sprintf(acctest.ImportKeyBlock, "key-12") + key("app", "limited = true"), `Invalid Import ID.*"key-12" is not a Cloud Storage key id`},
		{"project not a project id", block(`project = "My Project"`+"\naccess_token = \"t\"") + key("app", "limited = true"), `Invalid Google Cloud Project.*"My Project"; a project id is 6 to 30`},
		{"prefix with capitals", block(`project = "my-project"`+"\naccess_token = \"t\"\nservice_account_prefix = \"Keys-\"") + key("app", "limited = true"), `Invalid Service Account Prefix.*"Keys-"`},
		{"storage URL without a scheme", block(`project = "my-project"`+"\naccess_token = \"t\"\nstorage_url = \"storage.googleapis.com/storage/v1/\"") + key("app", "limited = true"), `Invalid API URL.*gcs.storage_url`},
		{"credentials of an unknown type", block(`project = "my-project"`+"\ncredentials = \"{\\\"type\\\": \\\"api_key\\\"}\"") + key("app", "limited = true"), `Invalid Google Credentials.*type "api_key"; allowed types are service_account`},
	})
}
