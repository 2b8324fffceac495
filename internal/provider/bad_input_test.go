package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends/fixtures"
)

// providerInputs are the bad inputs of the provider itself, whatever the
// backend: they run against the default backend's fixture (the first of
// backends.All). Each backend's own are its fixture's BadInputs.
func providerInputs(t *testing.T) []acctest.BadInput {
	key, grant := acctest.BadKey, acctest.BadGrant
	badBucket := func(bucket, problem string) [3]string {
		return [3]string{"bucket " + bucket, "{{provider}}" + key("app", fmt.Sprintf(acctest.ReadOnlyOn, bucket)),
			fmt.Sprintf(`Invalid Bucket Name.*%q `+bucketNameRule, bucket, problem)}
	}
	first, second := backends.All[0].Name, backends.All[1].Name
	return acctest.BadInputs([][3]string{
		// Names.
		{"empty name", "{{provider}}" + key("", ""), `Attribute name string length must be at least 1, got: 0`},
		{"name with a newline", "{{provider}}" + key("app\nkey", ""), `Invalid Name.*has a control character \(U\+000A\) at byte 3: a name takes printable characters only`},

		// Bucket names against the S3 rules.
		badBucket("Bad_Bucket", "it has characters other than lowercase letters"),
		badBucket("ab", "it has 2 characters"),
		badBucket(strings.Repeat("b", 64), "it has 64 characters"),
		badBucket("192.168.1.10", "it is an IP address"),
		badBucket("xn--bucket", "it begins with 'xn--' or ends with '-s3alias'"),
		badBucket("two..dots", "it contains '..'"),
		badBucket("-dash-first", "it has characters other than lowercase letters, digits, '.' and '-', or does not begin and end with a letter or digit"),

		// Permissions and grants.
		{"unknown permission", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "admin" }]`), `bucket_access.*permission ` + acctest.AllowedPermissions + `.*got: "admin"`},
		{"bucket granted twice", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "read_only" }, { bucket = "logs", permission = "read_write" }]`), `Duplicate Bucket in Bucket Access.*"logs" is granted twice.*keep one entry`},
		{"limited false with grants", "{{provider}}" + key("app", "limited = false\n"+fmt.Sprintf(acctest.ReadOnlyOn, "logs")), `Conflicting Limited and Bucket Access.*limited = false.*Remove limited`},
		{"grant with an unknown permission", "{{provider}}" + grant("bucket = \"logs\"\npermission = \"owner\""), `permission ` + acctest.AllowedPermissions},
		{"grant on a bad bucket name", "{{provider}}" + grant("bucket = \"Logs\"\npermission = \"read_only\""), `Invalid Bucket Name.*"Logs" is not a valid S3 bucket name`},

		// Lifecycle attributes.
		{"expires_at not a timestamp", "{{provider}}" + key("app", `expires_at = "tomorrow"`), `Invalid Timestamp.*"tomorrow" is not an RFC 3339 timestamp`},
		{"expires_at in the past", "{{provider}}" + key("app", `expires_at = "2020-01-01T00:00:00Z"`), `Invalid Expires At.*expires_at is [0-9]+ days in the past: set a time in the future`},
		{"secret_key_wo without its version", "{{provider}}" + key("app", `secret_key_wo = "long-enough-secret"`), `"secret_key_wo_version" must be specified when "secret_key_wo" is specified`},

		// Values of other kinds.
		{"timeout that is not a duration", "{{provider}}" + key("app", `timeouts = { create = "5 minutes" }`), `Invalid Attribute Value Time Duration.*"5 minutes" must be a string containing a sequence of decimal numbers.*such as "300ms"`},
		{"timeout of zero", "{{provider}}" + key("app", `timeouts = { create = "0s" }`), `Invalid Timeout.*A timeout of "0s" would end the operation before it starts: write one longer than zero`},
		{"negative timeout", "{{provider}}" + key("app", `timeouts = { delete = "-5m" }`), `Invalid Timeout.*A timeout of "-5m" would end the operation before it starts`},

		// Malformed grant import ids.
		{"grant import id with a bucket S3 refuses", "{{provider}}" + fmt.Sprintf(acctest.ImportGrantBlock, "AKEXAMPLE0001/Logs_2") + grant("bucket = \"logs\"\npermission = \"read_only\""), `Invalid Import ID.*"AKEXAMPLE0001/Logs_2" is KEY_ID/BUCKET, but "Logs_2" is not a valid S3 bucket name`},
		{"grant import id without a bucket", "{{provider}}" + fmt.Sprintf(acctest.ImportGrantBlock, "AKEXAMPLE0001") + grant("bucket = \"logs\"\npermission = \"read_only\""), `Invalid Import ID.*is not KEY_ID/BUCKET`},

		// Provider settings.
		{"conflicting backend blocks", fmt.Sprintf("provider \"objectstorage\" {\n  %s {}\n  %s {}\n}\n", first, second) + key("app", ""), fmt.Sprintf(`Conflicting Backend Blocks.*%q and %q.*Keep one block`, first, second)},
	})
}

const bucketNameRule = `is not a valid S3 bucket name: %s.*A bucket name has 3 to 63 characters of lowercase letters, digits`

// badInputCase is a bad input of a backend's.
type badInputCase struct {
	acctest.BadInput
	fixture acctest.Fixture
}

// badInputs are the provider's own bad inputs, on the default backend,
// and every backend's, each named after its backend.
func badInputs(t *testing.T) []badInputCase {
	var out []badInputCase
	for _, in := range providerInputs(t) {
		out = append(out, badInputCase{in, fixtures.All[0]})
	}
	for _, f := range fixtures.All {
		for _, in := range f.BadInputs(t) {
			in.Name = f.Backend + "/" + in.Name
			out = append(out, badInputCase{in, f})
		}
	}
	return out
}

// Bad input is refused at plan time with the attribute named and what is
// allowed, and no request reaches the service: each case runs against a
// counting service of its own.
func TestAccBadInput(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	cases := badInputs(t)
	t.Logf("%d bad inputs, each expected to reach the service with 0 requests", len(cases))
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			svc := tc.fixture.Start(t, sharedServers)
			in := func(d time.Duration) string { return time.Now().Add(d).UTC().Format(time.RFC3339) }
			config := strings.NewReplacer("{{provider}}", svc.Provider, "{{address}}", svc.Address,
				"{{in 5 minutes}}", in(5*time.Minute), "{{in 400 days}}", in(400*24*time.Hour)).Replace(tc.Config)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: config, ExpectError: errorPattern(tc.Want)}},
			})
			if n := svc.Recorder.TotalRequests(); n != 0 {
				t.Fatalf("a refused plan sent %d requests to the service", n)
			}
		})
	}
}
