package minio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/minio/pkg/v3/policy"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

func TestPolicyRoundTrip(t *testing.T) {
	cases := map[string][]backend.Grant{
		"no grant":         nil,
		"one read-only":    {{Bucket: "logs", Permission: backend.ReadOnly}},
		"one read-write":   {{Bucket: "uploads", Permission: backend.ReadWrite}},
		"mixed and sorted": {{Bucket: "a-bucket", Permission: backend.ReadWrite}, {Bucket: "b.bucket", Permission: backend.ReadOnly}, {Bucket: "c-bucket", Permission: backend.ReadWrite}},
	}
	for name, grants := range cases {
		t.Run(name, func(t *testing.T) {
			doc, err := buildPolicy(grants)
			if err != nil {
				t.Fatal(err)
			}
			got, err := parsePolicy(doc)
			if err != nil {
				t.Fatal(err)
			}
			want := slices.Clone(grants)
			backend.SortGrants(want)
			if !slices.Equal(got, want) {
				t.Fatalf("round trip: got %v, want %v", got, want)
			}
		})
	}
}

func TestEmptyGrantListIsDenyAll(t *testing.T) {
	doc, err := buildPolicy(nil)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := policy.ParseConfig(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	// One statement: the account-wide actions, on no bucket's contents.
	if len(parsed.Statements) != 1 {
		t.Fatalf("want 1 statement, got %d: %s", len(parsed.Statements), doc)
	}
	st := parsed.Statements[0]
	account := policy.NewActionSet()
	for _, a := range backend.AccountActions {
		account.Add(policy.Action(a))
	}
	if !st.Resources.Equals(policy.NewResourceSet(policy.NewResource("*"))) || !st.Actions.Equals(account) {
		t.Fatalf("deny-all policy grants more than the account actions: %s", doc)
	}
}

func TestPolicyGrantsPermissionsMdLessUnsupported(t *testing.T) {
	ro, _ := minioActions(backend.ReadOnly)
	rw, _ := minioActions(backend.ReadWrite)
	for _, a := range UnsupportedActions {
		if slices.Contains(ro, a) || slices.Contains(rw, a) {
			t.Errorf("%s is unsupported by MinIO but still granted", a)
		}
	}
	for _, a := range []string{"s3:GetObject", "s3:ListBucket"} {
		if !slices.Contains(ro, a) {
			t.Errorf("read_only lacks %s", a)
		}
	}
	for _, a := range []string{"s3:PutObject", "s3:DeleteObject", "s3:GetObject"} {
		if !slices.Contains(rw, a) {
			t.Errorf("read_write lacks %s", a)
		}
	}
	if slices.Contains(ro, "s3:PutObject") {
		t.Errorf("read_only grants s3:PutObject")
	}
	if got := len(ro) + len(UnsupportedActions); got < len(backend.ReadOnlyActions) {
		t.Errorf("read_only lost more actions than MinIO rejects")
	}
}

func TestPolicySizeLimit(t *testing.T) {
	b := &Backend{}
	var grants []backend.Grant
	for i := 0; ; i++ {
		grants = append(grants, backend.Grant{Bucket: fmt.Sprintf("bucket-with-a-long-name-%03d", i), Permission: backend.ReadOnly})
		doc, err := buildPolicy(grants)
		if err != nil {
			t.Fatal(err)
		}
		errs := b.ValidateKey(backend.KeySpec{Name: "key", Limited: true, Grants: grants})
		if len(doc) <= maxPolicyBytes {
			if len(errs) != 0 {
				t.Fatalf("a policy of %d bytes was refused: %v", len(doc), errs)
			}
			continue
		}
		if len(errs) != 1 || errs[0].Field != backend.FieldGrants || !strings.Contains(errs[0].Detail, "4096") {
			t.Fatalf("a policy of %d bytes: want one bucket_access error naming the limit, got %v", len(doc), errs)
		}
		return
	}
}

func TestParseReportsForeignPolicies(t *testing.T) {
	ro, _ := minioActions(backend.ReadOnly)
	actions, _ := json.Marshal(append(ro, "s3:PutObject"))
	roActions, _ := json.Marshal(ro)
	accountActions, _ := json.Marshal(backend.AccountActions)
	account := `{"Effect":"Allow","Action":` + string(accountActions) + `,"Resource":["arn:aws:s3:::*"]},`
	cases := map[string]struct {
		policy string
		want   []backend.Grant
	}{
		"a deny statement": {
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:*"],"Resource":["arn:aws:s3:::*"]}]}`,
			want:   []backend.Grant{{Bucket: "*", Permission: backend.Custom}},
		},
		"a wildcard bucket": {
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs-*"}]}`,
			want:   []backend.Grant{{Bucket: "*", Permission: backend.Custom}},
		},
		"an extra action on a read-only bucket": {
			policy: `{"Version":"2012-10-17","Statement":[` + account + `{"Effect":"Allow","Action":` + string(actions) + `,"Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"]}]}`,
			want:   []backend.Grant{{Bucket: "logs", Permission: backend.Custom}},
		},
		"no account-wide statement": {
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":` + string(roActions) + `,"Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"]}]}`,
			want:   []backend.Grant{{Bucket: "*", Permission: backend.Custom}, {Bucket: "logs", Permission: backend.ReadOnly}},
		},
		"a condition": {
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::logs/*"],"Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`,
			want:   []backend.Grant{{Bucket: "*", Permission: backend.Custom}},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := parsePolicy([]byte(tc.policy))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if isRepresentable(got) {
				t.Fatalf("a foreign policy counted as one this backend writes")
			}
		})
	}
}

func TestRandomCredentialsFitMinIO(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		access, secret, err := RandomCredentials()
		if err != nil {
			t.Fatal(err)
		}
		if len(access) < 3 || len(access) > 20 || strings.ContainsAny(access, "=,") || len(secret) < 8 || len(secret) > 40 {
			t.Fatalf("credentials outside MinIO's limits: access key %q, secret length %d", access, len(secret))
		}
		if seen[access] {
			t.Fatalf("access key %q drawn twice", access)
		}
		seen[access] = true
	}
}
