package peers

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
)

// state reads a source state from testdata, with {{policy}} replaced by
// the policy this provider writes for grants.
func state(t *testing.T, file string, grants ...backend.Grant) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	policy, err := minio.PolicyOf(grants)
	if err != nil {
		t.Fatal(err)
	}
	quoted, _ := json.Marshal(string(policy))
	return []byte(strings.ReplaceAll(string(raw), "{{policy}}", string(quoted)))
}

func decode(t *testing.T, provider, typeName string, raw []byte) (Source, Key) {
	t.Helper()
	source, key, err := Decode("registry.terraform.io/"+provider, typeName, 0, raw)
	if err != nil {
		t.Fatal(err)
	}
	return source, key
}

func TestLinodeKeyKeepsItsSecretAndGrants(t *testing.T) {
	source, key := decode(t, "linode/linode", "linode_object_storage_key", state(t, "linode_object_storage_key.json"))
	if source.Backend != "linode" || key.ID != "4711" || key.Name != "app-reader" || key.AccessKey != "KVAKUTGBA4WTR2NSJQ81" {
		t.Fatalf("moved %+v from %s", key.Key, source.Backend)
	}
	if key.SecretKey != "OiA6F5r0niLs3QA2stbyq7mY5VCV7KqOzcmitmHw" || len(key.Warnings) != 0 {
		t.Fatalf("secret not kept (warnings %q)", key.Warnings)
	}
	want := []backend.Grant{
		{Bucket: "logs", Permission: backend.ReadOnly, Region: "us-mia"},
		// No region in state: the cluster us-mia-1 names it.
		{Bucket: "uploads", Permission: backend.ReadWrite, Region: "us-mia"},
	}
	if !key.Limited || !slices.Equal(key.Grants, want) || !slices.Equal(key.Regions, []string{"us-mia"}) {
		t.Fatalf("limited %v, grants %v, regions %v; want limited, %v, [us-mia]", key.Limited, key.Grants, key.Regions, want)
	}
}

// A 2.x release wrote the id as a JSON number and kept the [REDACTED]
// that reads answer: the key moves, without a secret, with a warning.
func TestLinodeKeyFromAnOldRelease(t *testing.T) {
	_, key := decode(t, "linode/linode", "linode_object_storage_key", state(t, "linode_object_storage_key_v2.json"))
	if key.ID != "4712" || key.Limited || key.Grants != nil {
		t.Fatalf("moved %+v, want id 4712, unrestricted", key.Key)
	}
	if key.SecretKey != "" || len(key.Warnings) != 1 || !strings.Contains(key.Warnings[0], "[REDACTED]") {
		t.Fatalf("secret %q, warnings %q; want none and a warning naming [REDACTED]", key.SecretKey, key.Warnings)
	}
}

func TestMinIOServiceAccount(t *testing.T) {
	grants := []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}, {Bucket: "uploads", Permission: backend.ReadWrite}}
	source, key := decode(t, "aminueza/minio", "minio_iam_service_account", state(t, "minio_iam_service_account.json", grants...))
	if source.Backend != "minio" || key.ID != "svcacct-app" || key.Name != "app-writer" || key.SecretKey != "p4ssw0rd-of-the-service-account" {
		t.Fatalf("moved %+v", key.Key)
	}
	if !key.Limited || !slices.Equal(key.Grants, grants) || !key.Disabled {
		t.Fatalf("limited %v, grants %v, disabled %v; want limited, %v, disabled", key.Limited, key.Grants, key.Disabled, grants)
	}
	if want := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC); !key.ExpiresAt.Equal(want) {
		t.Fatalf("expires %v, want %v", key.ExpiresAt, want)
	}
}

// An empty grant list is MinIO's deny-all policy of ours: limited, no bucket.
func TestMinIOServiceAccountWithNoBucket(t *testing.T) {
	_, key := decode(t, "aminueza/minio", "minio_iam_service_account", state(t, "minio_iam_service_account.json"))
	if !key.Limited || key.Grants == nil || len(key.Grants) != 0 {
		t.Fatalf("limited %v, grants %#v; want limited with an empty grant list", key.Limited, key.Grants)
	}
}

// A policy this provider would not write stops the move, shows the policy
// and says how to go on.
func TestMinIOForeignPolicyIsRefused(t *testing.T) {
	_, _, err := Decode("registry.terraform.io/aminueza/minio", "minio_iam_service_account", 0, state(t, "minio_iam_service_account_foreign.json"))
	if err == nil {
		t.Fatal("a foreign policy moved")
	}
	for _, want := range []string{`"arn:aws:s3:::logs-*/*"`, "change the key's policy", "keep this key under the minio provider"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "p4ssw0rd") {
		t.Fatal("the error shows the secret")
	}
}

func TestMinIOAccessKeyWithoutSecret(t *testing.T) {
	_, key := decode(t, "aminueza/minio", "minio_accesskey", state(t, "minio_accesskey.json"))
	if key.ID != "AKEXAMPLE0000000001" || key.Limited || !key.Disabled || key.Name != "" {
		t.Fatalf("moved %+v; want unrestricted, disabled, no name", key.Key)
	}
	if key.SecretKey != "" || len(key.Warnings) != 1 || !strings.Contains(key.Warnings[0], "-replace") {
		t.Fatalf("secret %q, warnings %q; want none and a warning that says how to get one", key.SecretKey, key.Warnings)
	}
}

func TestGleSYSCredential(t *testing.T) {
	source, key := decode(t, "glesys/glesys", "glesys_objectstorage_credential", state(t, "glesys_objectstorage_credential.json"))
	if source.Backend != "glesys" || key.ID != "os-ab123/4f0b8a1e-0d8c-4a8b-9d7e-2f1c3b5a6d70" || key.InstanceID != "os-ab123" ||
		key.Name != "backup-writer" || key.SecretKey != "glesys-secret-of-the-credential" {
		t.Fatalf("moved %+v", key.Key)
	}
	if want := time.Date(2020, 5, 29, 13, 37, 0, 0, time.UTC); !key.CreatedAt.Equal(want) {
		t.Fatalf("created %v, want %v", key.CreatedAt, want)
	}
}

// A digitalocean_spaces_key moves with its secret and grants; one whose
// configuration had no grant block (state grant = []) is a limited key
// that reaches no bucket, and a full-access key an unrestricted one.
func TestDigitalOceanSpacesKey(t *testing.T) {
	raw := state(t, "digitalocean_spaces_key.json")
	source, key := decode(t, "digitalocean/digitalocean", "digitalocean_spaces_key", raw)
	want := []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}, {Bucket: "uploads", Permission: backend.ReadWrite}}
	if source.Backend != "digitalocean" || key.ID != "DO00QWERTYUIOPASDFGH" || key.AccessKey != key.ID || key.Name != "app-reader" ||
		key.SecretKey != "digitalocean-secret-of-the-key" || !key.Limited || !slices.Equal(key.Grants, want) || len(key.Warnings) != 0 {
		t.Fatalf("moved %+v", key)
	}
	if want := time.Date(2025, 10, 14, 8, 15, 0, 0, time.UTC); !key.CreatedAt.Equal(want) {
		t.Fatalf("created %v, want %v", key.CreatedAt, want)
	}
	for grants, wantLimited := range map[string]bool{`[]`: true, `[{"bucket":"","permission":"fullaccess"}]`: false} {
		var s map[string]any
		_ = json.Unmarshal(raw, &s)
		s["grant"] = json.RawMessage(grants)
		changed, _ := json.Marshal(s)
		_, key := decode(t, "digitalocean/digitalocean", "digitalocean_spaces_key", changed)
		if key.Limited != wantLimited || len(key.Grants) != 0 || (wantLimited && key.Grants == nil) {
			t.Errorf("grant %s moved as limited=%v grants %#v", grants, key.Limited, key.Grants)
		}
	}
}

// An aws_iam_access_key moves as a key in a user made elsewhere
// (USER/ACCESS_KEY_ID), named after its user, with its secret and status;
// one kept encrypted with pgp_key moves without its secret.
func TestAWSAccessKey(t *testing.T) {
	raw := state(t, "aws_iam_access_key.json")
	source, key := decode(t, "hashicorp/aws", "aws_iam_access_key", raw)
	if source.Backend != "iam" || key.ID != "app-reader/AKIAIOSFODNN7EXAMPLE" || key.AccessKey != "AKIAIOSFODNN7EXAMPLE" ||
		key.Name != "app-reader" || key.SecretKey != "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" || key.Disabled || len(key.Warnings) != 0 {
		t.Fatalf("moved %+v", key)
	}
	if want := time.Date(2024, 2, 11, 9, 30, 0, 0, time.UTC); !key.CreatedAt.Equal(want) {
		t.Fatalf("created %v, want %v", key.CreatedAt, want)
	}
	var s map[string]any
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	s["pgp_key"], s["secret"], s["status"] = "keybase:someone", nil, "Inactive"
	encrypted, _ := json.Marshal(s)
	_, key = decode(t, "hashicorp/aws", "aws_iam_access_key", encrypted)
	if key.SecretKey != "" || !key.Disabled || len(key.Warnings) != 1 || !strings.Contains(key.Warnings[0], "pgp_key") {
		t.Fatalf("moved with pgp_key: %+v", key)
	}
}

// OpenTofu names its own registry host, and its releases before 1.12.4
// sent shorter addresses: all name the same provider.
func TestOpenTofuAddressesAreTheSameSources(t *testing.T) {
	for _, address := range []string{"registry.opentofu.org/glesys/glesys", "glesys/glesys", "glesys"} {
		if _, _, err := Decode(address, "glesys_objectstorage_credential", 0, state(t, "glesys_objectstorage_credential.json")); err != nil {
			t.Errorf("%s: %v", address, err)
		}
	}
}

func TestUnknownSourcesAreRefused(t *testing.T) {
	raw := state(t, "glesys_objectstorage_credential.json")
	cases := map[string]struct {
		provider, typeName string
		version            int64
		want               string
	}{
		"another resource type":  {"registry.terraform.io/hashicorp/aws", "aws_iam_user", 0, "is not one of linode_object_storage_key (linode/linode)"},
		"a fork of the provider": {"registry.terraform.io/someone/glesys", "glesys_objectstorage_credential", 0, "from the provider glesys/glesys, not from registry.terraform.io/someone/glesys"},
		"a newer schema version": {"registry.terraform.io/glesys/glesys", "glesys_objectstorage_credential", 1, "schema version 1"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, _, err := Decode(tc.provider, tc.typeName, tc.version, raw)
			if !errors.Is(err, ErrUnknownSource) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want ErrUnknownSource saying %q", err, tc.want)
			}
		})
	}
}

// The policies that mean "no policy of its own" on MinIO move as an
// unrestricted key: what the MinIO provider stores for a service account
// configured without one (""), and the documents MinIO keeps as its
// parent's policy. A version without a statement is a deny-all policy on
// MinIO, which this provider does not write: the move is refused.
func TestMinIOServiceAccountPolicyShapes(t *testing.T) {
	for policy, unrestricted := range map[string]bool{
		``:     true,
		`null`: true,
		`{}`:   true,
		"{\n\"Version\": \"\",\n\"Statement\": null\n}": true,
		`{"Version":"2012-10-17","Statement":[]}`:       false,
	} {
		raw := []byte(fmt.Sprintf(`{"id":"svcacct-app","access_key":"svcacct-app","secret_key":"s3cret-of-it","status":"on","policy":%q,"name":"app"}`, policy))
		_, key, err := Decode("registry.terraform.io/aminueza/minio", "minio_iam_service_account", 0, raw)
		switch {
		case unrestricted && (err != nil || key.Limited):
			t.Errorf("policy %q: %+v, %v; want an unrestricted key", policy, key.Key, err)
		case !unrestricted && err == nil:
			t.Errorf("policy %q moved as %+v; want the move refused", policy, key.Key)
		}
	}
}

// What the other sources store when an optional attribute is left out
// moves as the same key: a Linode key without bucket_access (null or an
// empty set, limited false) is unrestricted with the regions Linode chose;
// a GleSYS credential made without a description carries the one GleSYS
// answers for it, "None".
func TestSourcesWithOptionalAttributesLeftOut(t *testing.T) {
	for _, grants := range []string{`null`, `[]`} {
		raw := []byte(`{"id":"4712","label":"app-open","access_key":"AK4712","secret_key":"secret-of-4712","limited":false,` +
			`"regions":["us-mia"],"regions_details":[{"id":"us-mia","s3_endpoint":"us-mia-1.linodeobjects.com","endpoint_type":"E1"}],` +
			`"bucket_access":` + grants + `}`)
		_, key := decode(t, "linode/linode", "linode_object_storage_key", raw)
		if key.Limited || len(key.Grants) != 0 || len(key.Regions) != 1 || key.SecretKey != "secret-of-4712" {
			t.Errorf("bucket_access %s: moved %+v; want an unrestricted key in us-mia with its secret", grants, key.Key)
		}
	}
	raw := []byte(`{"id":"4f0b8a1e-0d8c-4a8b-9d7e-2f1c3b5a6d71","instanceid":"os-ab123","accesskey":"AKGLESYS","secretkey":"glesys-secret",` +
		`"created":"2020-05-29T13:37:00+00:00","description":"None"}`)
	if _, key := decode(t, "glesys/glesys", "glesys_objectstorage_credential", raw); key.Name != "None" {
		t.Errorf("a credential without a description moved with the name %q, want %q", key.Name, "None")
	}
}
