// Package cloudflaretest is what the provider's generic acceptance tests
// need of the Cloudflare R2 backend: a fake of its own for each test,
// checked against the API's excerpt, the provider block that reaches it,
// and what the backend refuses at plan time.
package cloudflaretest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare/fake"
)

// URL is the fake's API base, as the cloudflare block's url takes it.
func URL(s *fake.Server) string { return s.URL + "/client/v4" }

// Provider is the provider block that reaches s.
func Provider(s *fake.Server) string {
	return acctest.ProviderBlock("cloudflare", "url", URL(s), "api_token", s.Token, "account_id", s.AccountID)
}

// Env is the environment that configures the cloudflare block for s, with
// MinIO's variables emptied.
func Env(s *fake.Server) []string {
	return []string{"MINIO_ENDPOINT=", "CLOUDFLARE_API_URL=" + URL(s), "CLOUDFLARE_API_TOKEN=" + s.Token, "CLOUDFLARE_ACCOUNT_ID=" + s.AccountID}
}

// Keys are the tokens on s by id, named as the provider names keys.
func Keys(s *fake.Server) map[string]string {
	out := map[string]string{}
	for id, name := range s.Names() {
		out[id] = strings.TrimPrefix(name, "objectstorage: ")
	}
	return out
}

// Fixture is the Cloudflare R2 backend in the provider's generic
// acceptance tests. A create's fault is on POST tokens, a read's on GET
// token, an update's (a rename) on PUT token, a delete's on DELETE token.
var Fixture = acctest.Fixture{
	Backend: "cloudflare",
	Start: func(t *testing.T, _ acctest.Shared) acctest.Service {
		s := fake.StartValidated(t)
		return acctest.Service{Provider: Provider(s), Address: URL(s), Recorder: s, Keys: func(string) map[string]string { return Keys(s) }}
	},
	Key: func(name, extra string) string {
		return acctest.KeyBlock(name, `bucket_access = [{ bucket = "faults", permission = "read_only" }]`+"\n  "+extra)
	},
	FaultOps:  map[string]string{"create": "POST tokens", "read": "GET token", "update": "PUT token", "delete": "DELETE token"},
	BadInputs: badInputs,
	Bench:     []acctest.BenchSetup{bench},
	Peers:     peers,
	Secrets:   secrets,
	Moves:     []func(*testing.T) acctest.MoveStory{moveAccountToken},
}

func badInputs(*testing.T) []acctest.BadInput {
	key := acctest.BadKey
	block := func(settings string) string {
		return "provider \"objectstorage\" {\n  cloudflare {\n    api_token = \"t\"\n    account_id = \"a\"\n    " + settings + "\n  }\n}\n"
	}
	return acctest.BadInputs([][3]string{
		{"bucket name R2 refuses", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs.2026", permission = "read_only" }]`), `Invalid Bucket Access.*"logs.2026" is not an R2 bucket name`},
		{"name too long", "{{provider}}" + key(strings.Repeat("x", 106), ""), `Invalid Name.*1 to 105 characters`},
		{"region on a grant", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "read_only", region = "weur" }]`), `Invalid Bucket Access.*sets region, which this backend does not use`},
		{"instance_id", "{{provider}}" + key("app", `instance_id = "account"`), `Invalid Instance ID.*no storage instances: remove instance_id`},
		{"secret_key_wo", "{{provider}}" + key("app", `secret_key_wo = "a-secret-of-ours"`+"\nsecret_key_wo_version = 1"), `Invalid Secret Key WO.*makes every key's secret itself`},
		{"unknown jurisdiction", block(`jurisdiction = "us"`) + key("app", ""), `Invalid R2 Jurisdiction.*"us"; allowed values are "default", "eu" and "fedramp"`},
		{"URL without a scheme", block(`url = "api.cloudflare.com/client/v4"`) + key("app", ""), `Invalid API URL.*it takes the API's http or https base`},
		{"import id not a token id", "{{provider}}" + fmt.Sprintf(acctest.ImportKeyBlock, "key-12") + key("app", ""), `Invalid Import ID.*"key-12" is not an R2 key id`},
	})
}
