package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	dofake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
	linodefake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
)

// badInput is a configuration refused at plan time, before any request
// reaches the service, with an error that names the attribute and what is
// allowed. In config, {{provider}} stands for the backend's provider block
// and {{address}} for its endpoint; a case without {{provider}} brings its
// own block. {{in 5 minutes}} and {{in 400 days}} are timestamps taken
// when the case runs, which may be minutes after the table was written.
type badInput struct {
	name, backend, config, want string
}

// countingService is a backend's service for one case, counting every
// request that reaches it: a fault proxy in front of MinIO, or a fake.
type countingService struct {
	provider, address string
	requests          func() int
}

var countingServices = map[string]func(t *testing.T) countingService{
	"minio": func(t *testing.T) countingService {
		proxy := minioProxy(t)
		return countingService{
			provider: minioProviderAt(proxy.Endpoint),
			address:  proxy.Endpoint, requests: proxy.TotalRequests,
		}
	},
	"linode": func(t *testing.T) countingService {
		s := linodefake.StartValidated(t)
		return countingService{provider: linodeProvider(s), address: s.URL, requests: s.TotalRequests}
	},
	"glesys": func(t *testing.T) countingService {
		s := glesysFake(t)
		return countingService{provider: glesysProvider(s), address: s.URL, requests: s.TotalRequests}
	},
	"digitalocean": func(t *testing.T) countingService {
		s := dofake.StartValidated(t)
		return countingService{provider: digitaloceanProvider(s), address: s.URL, requests: s.TotalRequests}
	},
	"iam": func(t *testing.T) countingService {
		proxy, behind := seaweedProxy(t)
		return countingService{provider: iamProvider(behind), address: proxy.Endpoint, requests: proxy.TotalRequests}
	},
}

// iamBlock is an iam provider block reaching the counting service, with
// more settings.
func iamBlock(settings string) string {
	return "provider \"objectstorage\" {\n  iam {\n    endpoint = \"http://{{address}}\"\n    " + settings + "\n  }\n}\n"
}

// badKey is a resource block with a key named name and more attributes.
func badKey(name, attributes string) string {
	return fmt.Sprintf("resource \"objectstorage_access_key\" \"bad\" {\n  name = %q\n  %s\n}\n", name, attributes)
}

// badGrant is one objectstorage_bucket_access resource.
func badGrant(attributes string) string {
	return "resource \"objectstorage_bucket_access\" \"bad\" {\n  key_id = \"AKEXAMPLE0001\"\n  " + attributes + "\n}\n"
}

const (
	readOnlyOn       = `bucket_access = [{ bucket = %q, permission = "read_only" }]`
	bucketNameRule   = `is not a valid S3 bucket name: %s.*A bucket name has 3 to 63 characters of lowercase letters, digits`
	allowedPerms     = `value must be one of:.*"read_only".*"read_write"`
	minioNameRule    = `Invalid Name.*is not a MinIO service-account name: use 1 to 32 characters, a letter first, then letters, digits, '_' or '-'`
	importKeyBlock   = "import {\n  to = objectstorage_access_key.bad\n  id = %q\n}\n"
	importGrantBlock = "import {\n  to = objectstorage_bucket_access.bad\n  id = %q\n}\n"
)

func badBucket(bucket, problem string) badInput {
	return badInput{
		name: "bucket " + bucket, backend: "minio",
		config: "{{provider}}" + badKey("app", fmt.Sprintf(readOnlyOn, bucket)),
		want:   fmt.Sprintf(`Invalid Bucket Name.*%q `+bucketNameRule, bucket, problem),
	}
}

func badInputs(t *testing.T) []badInput {
	var manyBuckets []string
	for i := range 60 {
		manyBuckets = append(manyBuckets, fmt.Sprintf(`{ bucket = "bucket-with-a-long-name-%03d", permission = "read_only" }`, i))
	}
	garbage := filepath.Join(t.TempDir(), "not-pem.txt")
	if err := os.WriteFile(garbage, []byte("no certificate here"), 0o600); err != nil {
		t.Fatal(err)
	}
	return []badInput{
		// Names and labels.
		{"empty name", "minio", "{{provider}}" + badKey("", ""), `Attribute name string length must be at least 1, got: 0`},
		{"name with a newline", "minio", "{{provider}}" + badKey("app\nkey", ""), `Invalid Name.*has a control character \(U\+000A\) at byte 3: a name takes printable characters only`},
		{"name with a tab on Linode", "linode", "{{provider}}" + badKey("app\tkey", ""), `Invalid Name.*has a control character \(U\+0009\)`},
		{"name with a space on MinIO", "minio", "{{provider}}" + badKey("has a space", ""), minioNameRule},
		{"name too long for MinIO", "minio", "{{provider}}" + badKey("a"+strings.Repeat("x", 32), ""), minioNameRule},
		{"name beginning with a digit on MinIO", "minio", "{{provider}}" + badKey("1app", ""), minioNameRule},
		{"label too short for Linode", "linode", "{{provider}}" + badKey("ab", ""), `Invalid Name.*A Linode label has 3 to 50 characters; "ab" has 2`},
		{"label too long for Linode", "linode", "{{provider}}" + badKey(strings.Repeat("x", 51), ""), `Invalid Name.*A Linode label has 3 to 50 characters.*has 51`},
		{"description too long for GleSYS", "glesys", "{{provider}}" + badKey(strings.Repeat("x", 256), `instance_id = "os-ab123"`), `Invalid Name.*A GleSYS credential description has 1 to 255 characters; this one has 256`},

		// Bucket names against the S3 rules.
		badBucket("Bad_Bucket", "it has characters other than lowercase letters"),
		badBucket("ab", "it has 2 characters"),
		badBucket(strings.Repeat("b", 64), "it has 64 characters"),
		badBucket("192.168.1.10", "it is an IP address"),
		badBucket("xn--bucket", "it begins with 'xn--' or ends with '-s3alias'"),
		badBucket("two..dots", "it contains '..'"),
		badBucket("-dash-first", "it has characters other than lowercase letters, digits, '.' and '-', or does not begin and end with a letter or digit"),

		// Permissions and grants.
		{"unknown permission", "minio", "{{provider}}" + badKey("app", `bucket_access = [{ bucket = "logs", permission = "admin" }]`), `bucket_access.*permission ` + allowedPerms + `.*got: "admin"`},
		{"unknown permission on Linode", "linode", "{{provider}}" + badKey("app", `bucket_access = [{ bucket = "logs", permission = "write_only", region = "nl-ams" }]`), allowedPerms},
		{"bucket granted twice", "minio", "{{provider}}" + badKey("app", `bucket_access = [{ bucket = "logs", permission = "read_only" }, { bucket = "logs", permission = "read_write" }]`), `Duplicate Bucket in Bucket Access.*"logs" is granted twice.*keep one entry`},
		{"limited false with grants", "minio", "{{provider}}" + badKey("app", "limited = false\n"+fmt.Sprintf(readOnlyOn, "logs")), `Conflicting Limited and Bucket Access.*limited = false.*Remove limited`},
		{"policy over MinIO's limit", "minio", "{{provider}}" + badKey("app", `bucket_access = [`+strings.Join(manyBuckets, ",\n")+`]`), `Invalid Bucket Access.*MinIO's limit of 4096 bytes.*grant fewer buckets`},
		{"grant with an unknown permission", "minio", "{{provider}}" + badGrant("bucket = \"logs\"\npermission = \"owner\""), `permission ` + allowedPerms},
		{"grant on a bad bucket name", "minio", "{{provider}}" + badGrant("bucket = \"Logs\"\npermission = \"read_only\""), `Invalid Bucket Name.*"Logs" is not a valid S3 bucket name`},

		// Attributes on the wrong backend.
		{"region on MinIO", "minio", "{{provider}}" + badKey("app", `bucket_access = [{ bucket = "logs", permission = "read_only", region = "us-east-1" }]`), `Invalid Bucket Access.*sets region, which this backend does not use: remove it`},
		{"regions on MinIO", "minio", "{{provider}}" + badKey("app", `regions = ["us-east-1"]`), `Invalid Regions.*does not scope keys by region: remove regions`},
		{"instance_id on MinIO", "minio", "{{provider}}" + badKey("app", `instance_id = "os-ab123"`), `Invalid Instance ID.*has no storage instances: remove instance_id`},
		{"grant region on MinIO", "minio", "{{provider}}" + badGrant("bucket = \"logs\"\npermission = \"read_only\"\nregion = \"us-east-1\""), `Invalid Region.*does not place buckets in regions: remove region`},
		{"no region on Linode", "linode", "{{provider}}" + badKey("app", fmt.Sprintf(readOnlyOn, "logs")), `Invalid Bucket Access.*"logs" needs region`},
		{"regions missing a bucket region on Linode", "linode", "{{provider}}" + badKey("app", `regions = ["us-iad"]`+"\n"+`bucket_access = [{ bucket = "logs", permission = "read_only", region = "nl-ams" }]`), `Invalid Regions.*must include every bucket_access region; "nl-ams"`},
		{"no regions on Linode", "linode", "{{provider}}" + badKey("app", `regions = []`), `Invalid Attribute Value.*regions set must contain at least 1 elements, got: 0`},
		{"standalone grant on Linode", "linode", "{{provider}}" + badGrant("bucket = \"logs\"\npermission = \"read_only\"\nregion = \"nl-ams\""), `Bucket Access Not Supported by This Backend.*bucket_access attribute`},
		{"bucket_access on GleSYS", "glesys", "{{provider}}" + badKey("app", `instance_id = "os-ab123"`+"\n"+fmt.Sprintf(readOnlyOn, "logs")), `Invalid Bucket Access.*no per-bucket permissions: every key reaches every bucket`},
		{"limited on GleSYS", "glesys", "{{provider}}" + badKey("app", `instance_id = "os-ab123"`+"\nlimited = true"), `Invalid Bucket Access.*bucket_access and limited cannot be set`},
		{"no instance_id on GleSYS", "glesys", "{{provider}}" + badKey("app", ""), `Invalid Instance ID.*set instance_id`},
		{"standalone grant on GleSYS", "glesys", "{{provider}}" + badGrant("bucket = \"logs\"\npermission = \"read_only\""), `Bucket Access Not Supported by This Backend`},

		// Lifecycle attributes.
		{"enabled = false on Linode", "linode", "{{provider}}" + badKey("app", "enabled = false"), `Invalid Enabled.*cannot switch a key off and on again: remove enabled or set it to true`},
		{"enabled = false on GleSYS", "glesys", "{{provider}}" + badKey("app", `instance_id = "os-ab123"`+"\nenabled = false"), `Invalid Enabled.*cannot switch a key off and on again`},
		{"expires_at on Linode", "linode", "{{provider}}" + badKey("app", `expires_at = "2030-01-01T00:00:00Z"`), `Invalid Expires At.*no expiry for keys: remove expires_at`},
		{"expires_at on GleSYS", "glesys", "{{provider}}" + badKey("app", `instance_id = "os-ab123"`+"\n"+`expires_at = "2030-01-01T00:00:00Z"`), `Invalid Expires At.*no expiry for keys`},
		{"expires_at not a timestamp", "minio", "{{provider}}" + badKey("app", `expires_at = "tomorrow"`), `Invalid Timestamp.*"tomorrow" is not an RFC 3339 timestamp`},
		{"expires_at in the past", "minio", "{{provider}}" + badKey("app", `expires_at = "2020-01-01T00:00:00Z"`), `Invalid Expires At.*expires_at is [0-9]+ days in the past: set a time in the future`},
		{"expires_at sooner than MinIO takes", "minio", "{{provider}}" + badKey("app", `expires_at = "{{in 5 minutes}}"`), `Invalid Expires At.*lies [0-9]+ minutes ahead; this backend takes an expiry 15 minutes to 365 days ahead`},
		{"expires_at later than MinIO takes", "minio", "{{provider}}" + badKey("app", `expires_at = "{{in 400 days}}"`), `Invalid Expires At.*lies 39[0-9] days ahead; this backend takes an expiry 15 minutes to 365 days ahead`},

		{"secret_key_wo on Linode", "linode", "{{provider}}" + badKey("app", `secret_key_wo = "a-secret-of-ours"`+"\nsecret_key_wo_version = 1"), `Invalid Secret Key WO.*makes every key's secret itself and shows it once: remove secret_key_wo`},
		{"secret_key_wo too short for MinIO", "minio", "{{provider}}" + badKey("app", `secret_key_wo = "short"`+"\nsecret_key_wo_version = 1"), `Invalid Secret Key WO.*MinIO takes a secret of 8 to 40 bytes; this one has 5`},
		{"secret_key_wo without its version", "minio", "{{provider}}" + badKey("app", `secret_key_wo = "long-enough-secret"`), `"secret_key_wo_version" must be specified when "secret_key_wo" is specified`},

		// Values of other kinds.
		{"timeout that is not a duration", "minio", "{{provider}}" + badKey("app", `timeouts = { create = "5 minutes" }`), `Invalid Attribute Value Time Duration.*"5 minutes" must be a string containing a sequence of decimal numbers.*such as "300ms"`},
		{"timeout of zero", "minio", "{{provider}}" + badKey("app", `timeouts = { create = "0s" }`), `Invalid Timeout.*A timeout of "0s" would end the operation before it starts: write one longer than zero`},
		{"negative timeout", "minio", "{{provider}}" + badKey("app", `timeouts = { delete = "-5m" }`), `Invalid Timeout.*A timeout of "-5m" would end the operation before it starts`},

		// Malformed import ids.
		{"MinIO import id with a space", "minio", "{{provider}}" + fmt.Sprintf(importKeyBlock, "NOT A KEY") + badKey("app", ""), `Invalid Import ID.*"NOT A KEY" is not a MinIO service account's access key: one has 3 to 20 characters`},
		{"Linode import id not a number", "linode", "{{provider}}" + fmt.Sprintf(importKeyBlock, "key-12") + badKey("app", ""), `Invalid Import ID.*"key-12" is not a Linode key id: Linode key ids are positive numbers`},
		{"GleSYS import id without its instance", "glesys", "{{provider}}" + fmt.Sprintf(importKeyBlock, "376af022-c81e-4a02-9f28-0dce6ba24387") + badKey("app", `instance_id = "os-ab123"`), `Invalid Import ID.*use INSTANCE_ID/CREDENTIAL_ID, for example os-ab123/`},
		{"Linode import id with a leading zero", "linode", "{{provider}}" + fmt.Sprintf(importKeyBlock, "012") + badKey("app", ""), `Invalid Import ID.*"012" is not a Linode key id: Linode key ids are positive numbers written without sign or leading zeros`},
		{"grant import id with a bucket S3 refuses", "minio", "{{provider}}" + fmt.Sprintf(importGrantBlock, "AKEXAMPLE0001/Logs_2") + badGrant("bucket = \"logs\"\npermission = \"read_only\""), `Invalid Import ID.*"AKEXAMPLE0001/Logs_2" is KEY_ID/BUCKET, but "Logs_2" is not a valid S3 bucket name`},
		{"grant import id without a bucket", "minio", "{{provider}}" + fmt.Sprintf(importGrantBlock, "AKEXAMPLE0001") + badGrant("bucket = \"logs\"\npermission = \"read_only\""), `Invalid Import ID.*is not KEY_ID/BUCKET`},

		// Provider settings.
		{"conflicting backend blocks", "minio", "provider \"objectstorage\" {\n  minio {}\n  linode {}\n}\n" + badKey("app", ""), `Conflicting Backend Blocks.*"minio" and "linode".*Keep one block`},
		{"MinIO endpoint with a scheme", "minio", "provider \"objectstorage\" {\n  minio {\n    endpoint = \"http://{{address}}\"\n  }\n}\n" + badKey("app", ""), `Invalid MinIO Settings.*endpoint must be host:port without a scheme`},
		{"unreadable CA file", "minio", "provider \"objectstorage\" {\n  minio {\n    endpoint = \"{{address}}\"\n    ssl = true\n    ca_file = \"/nonexistent/ca.pem\"\n  }\n}\n" + badKey("app", ""), `Unreadable CA File.*cannot read the CA file`},
		{"CA file without a certificate", "minio", fmt.Sprintf("provider \"objectstorage\" {\n  minio {\n    endpoint = \"{{address}}\"\n    ssl = true\n    ca_file = %q\n  }\n}\n", garbage) + badKey("app", ""), `Invalid MinIO Settings.*ca_file must hold PEM certificates.*holds no PEM certificate`},
		{"Linode URL without a scheme", "linode", "provider \"objectstorage\" {\n  linode {\n    url = \"api.linode.com\"\n    token = \"t\"\n  }\n}\n" + badKey("app", ""), `Invalid API URL.*"api.linode.com" is not an http or https scheme and a host`},
		{"Linode URL with a path", "linode", "provider \"objectstorage\" {\n  linode {\n    url = \"{{address}}/v4\"\n    token = \"t\"\n  }\n}\n" + badKey("app", ""), `Invalid API URL.*without a path`},
		{"GleSYS URL of another scheme", "glesys", "provider \"objectstorage\" {\n  glesys {\n    url = \"ftp://api.glesys.com\"\n    project = \"CL1\"\n    token = \"t\"\n  }\n}\n" + badKey("app", `instance_id = "os-ab123"`), `Invalid API URL.*"ftp://api.glesys.com" is not an http or https scheme`},
		{"name with a semicolon on IAM", "iam", "{{provider}}" + badKey("app;reader", ""), `Invalid Name.*An IAM key's name is a tag value: 1 to 128 letters, digits, spaces and _.:/=\+-@; "app;reader" is not one`},
		{"unknown permission on IAM", "iam", "{{provider}}" + badKey("app", `bucket_access = [{ bucket = "logs", permission = "owner" }]`), allowedPerms},
		{"region on an IAM grant", "iam", "{{provider}}" + badKey("app", `bucket_access = [{ bucket = "logs", permission = "read_only", region = "eu-west-1" }]`), `Invalid Bucket Access.*sets region, which this backend does not use`},
		{"regions on IAM", "iam", "{{provider}}" + badKey("app", `regions = ["eu-west-1"]`), `Invalid Regions.*does not scope keys by region: remove regions`},
		{"instance_id on IAM", "iam", "{{provider}}" + badKey("app", `instance_id = "os-ab123"`), `Invalid Instance ID.*no storage instances: remove instance_id`},
		{"expires_at on IAM", "iam", "{{provider}}" + badKey("app", `expires_at = "2030-01-01T00:00:00Z"`), `Invalid Expires At.*no expiry for keys: remove expires_at`},
		{"secret_key_wo on IAM", "iam", "{{provider}}" + badKey("app", `secret_key_wo = "a-secret-of-ours"`+"\nsecret_key_wo_version = 1"), `Invalid Secret Key WO.*makes every key's secret itself`},
		{"IAM import id not an access key id", "iam", "{{provider}}" + fmt.Sprintf(importKeyBlock, "key-12") + badKey("app", ""), `Invalid Import ID.*"key-12" is not an IAM key id: that is its access key id`},
		{"IAM service unknown", "iam", iamBlock(`service = "minio"`) + badKey("app", ""), `Invalid IAM Service.*iam.service is "minio"; allowed values are "aws" and "seaweedfs"`},
		{"IAM name prefix with a space", "iam", iamBlock(`name_prefix = "team a-"`) + badKey("app", ""), `Invalid IAM Name Prefix.*"team a-"; it takes 1 to 30 letters, digits`},
		{"IAM path without slashes", "iam", iamBlock(`path = "objectstorage"`) + badKey("app", ""), `Invalid IAM Path.*"objectstorage"; an IAM path begins and ends with /`},
		{"IAM access key without its secret", "iam", iamBlock(`access_key = "AKIAIOSFODNN7EXAMPLE"`) + badKey("app", ""), `Incomplete IAM Credentials.*set both`},

		// DigitalOcean.
		{"bad bucket name on DigitalOcean", "digitalocean", "{{provider}}" + badKey("app", fmt.Sprintf(readOnlyOn, "Bad_Bucket")), `Invalid Bucket Name.*"Bad_Bucket" is not a valid S3 bucket name`},
		{"unknown permission on DigitalOcean", "digitalocean", "{{provider}}" + badKey("app", `bucket_access = [{ bucket = "logs", permission = "fullaccess" }]`), allowedPerms},
		{"region on a DigitalOcean grant", "digitalocean", "{{provider}}" + badKey("app", `bucket_access = [{ bucket = "logs", permission = "read_only", region = "nyc3" }]`), `Invalid Bucket Access.*sets region, which this backend does not use`},
		{"regions on DigitalOcean", "digitalocean", "{{provider}}" + badKey("app", `regions = ["nyc3"]`), `Invalid Regions.*does not scope keys by region: remove regions`},
		{"instance_id on DigitalOcean", "digitalocean", "{{provider}}" + badKey("app", `instance_id = "os-ab123"`), `Invalid Instance ID.*no storage instances: remove instance_id`},
		{"enabled = false on DigitalOcean", "digitalocean", "{{provider}}" + badKey("app", "enabled = false"), `Invalid Enabled.*cannot switch a key off and on again`},
		{"expires_at on DigitalOcean", "digitalocean", "{{provider}}" + badKey("app", `expires_at = "2030-01-01T00:00:00Z"`), `Invalid Expires At.*no expiry for keys: remove expires_at`},
		{"secret_key_wo on DigitalOcean", "digitalocean", "{{provider}}" + badKey("app", `secret_key_wo = "a-secret-of-ours"`+"\nsecret_key_wo_version = 1"), `Invalid Secret Key WO.*makes every key's secret itself`},
		{"standalone grant on DigitalOcean", "digitalocean", "{{provider}}" + badGrant("bucket = \"logs\"\npermission = \"read_only\""), `Bucket Access Not Supported by This Backend.*bucket_access attribute`},
		{"DigitalOcean import id with a slash", "digitalocean", "{{provider}}" + fmt.Sprintf(importKeyBlock, "team/DO00QWERTYUIOPASDFGH") + badKey("app", ""), `Invalid Import ID.*"team/DO00QWERTYUIOPASDFGH" is not a Spaces access key`},
		{"DigitalOcean URL with a path", "digitalocean", "provider \"objectstorage\" {\n  digitalocean {\n    url = \"{{address}}/v2\"\n    token = \"t\"\n  }\n}\n" + badKey("app", ""), `Invalid API URL.*without a path`},
		{"DigitalOcean without a token", "digitalocean", "provider \"objectstorage\" {\n  digitalocean {\n    url = \"{{address}}\"\n  }\n}\n" + badKey("app", ""), `Missing DigitalOcean Token.*spaces_key scopes.*DIGITALOCEAN_TOKEN`},
	}
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
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc := countingServices[tc.backend](t)
			in := func(d time.Duration) string { return time.Now().Add(d).UTC().Format(time.RFC3339) }
			config := strings.NewReplacer("{{provider}}", svc.provider, "{{address}}", svc.address,
				"{{in 5 minutes}}", in(5*time.Minute), "{{in 400 days}}", in(400*24*time.Hour)).Replace(tc.config)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: config, ExpectError: errorPattern(tc.want)}},
			})
			if n := svc.requests(); n != 0 {
				t.Fatalf("a refused plan sent %d requests to the service", n)
			}
		})
	}
}
