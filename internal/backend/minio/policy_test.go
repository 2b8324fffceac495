package minio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/s3policy"
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
	parsed, err := s3policy.Decode(doc)
	if err != nil {
		t.Fatal(err)
	}
	// One statement: the account-wide actions, on no bucket's contents.
	if len(parsed.Statement) != 1 {
		t.Fatalf("want 1 statement, got %d: %s", len(parsed.Statement), doc)
	}
	st := parsed.Statement[0]
	account := slices.Sorted(slices.Values(backend.AccountActions))
	if !st.IsPlainAllow() || !slices.Equal(st.Resource, []string{"arn:aws:s3:::*"}) || !slices.Equal(st.Action, account) {
		t.Fatalf("deny-all policy grants more than the account actions: %s", doc)
	}
}

// The same grants, in any order, make the same bytes, in the shape MinIO
// stores: a version, plain Allow statements, actions sorted, each bucket's
// ARN before its objects'.
func TestPolicyBytesAreStable(t *testing.T) {
	grants := []backend.Grant{
		{Bucket: "zebra", Permission: backend.ReadWrite}, {Bucket: "alpha", Permission: backend.ReadWrite}, {Bucket: "mid", Permission: backend.ReadOnly},
	}
	first, err := buildPolicy(grants)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		rand.Shuffle(len(grants), func(i, j int) { grants[i], grants[j] = grants[j], grants[i] })
		again, err := buildPolicy(grants)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, first) {
			t.Fatalf("the same grants made two policies:\n%s\n%s", first, again)
		}
	}
	for _, want := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:CreateBucket","s3:ListAllMyBuckets"],"Resource":["arn:aws:s3:::*"]},`,
		`"Resource":["arn:aws:s3:::mid","arn:aws:s3:::mid/*"]}`,
		`"Resource":["arn:aws:s3:::alpha","arn:aws:s3:::alpha/*","arn:aws:s3:::zebra","arn:aws:s3:::zebra/*"]}]}`,
	} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("the policy lacks %s:\n%s", want, first)
		}
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
		"a single statement, not a list, with strings for lists": {
			policy: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/*"}}`,
			want:   []backend.Grant{{Bucket: "*", Permission: backend.Custom}, {Bucket: "logs", Permission: backend.Custom}},
		},
		"a field the policy language has and this backend never writes": {
			policy: `{"Version":"2012-10-17","Statement":[` + account + `{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":` + string(roActions) + `,"Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"]}]}`,
			want:   []backend.Grant{{Bucket: "*", Permission: backend.Custom}},
		},
		"a NotAction": {
			policy: `{"Version":"2012-10-17","Statement":[` + account + `{"Effect":"Allow","NotAction":["s3:DeleteObject"],"Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"]}]}`,
			want:   []backend.Grant{{Bucket: "*", Permission: backend.Custom}},
		},
		"a resource of another service": {
			policy: `{"Version":"2012-10-17","Statement":[` + account + `{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":["arn:minio:kms:::key"]}]}`,
			want:   []backend.Grant{{Bucket: "*", Permission: backend.Custom}},
		},
		"an unknown version": {
			policy: `{"Version":"2099-01-01","Statement":[` + strings.TrimSuffix(account, ",") + `]}`,
			want:   []backend.Grant{{Bucket: "*", Permission: backend.Custom}},
		},
		"a version and no statement, which MinIO enforces as deny-all": {
			policy: `{"Version":"2012-10-17","Statement":[]}`,
			want:   []backend.Grant{{Bucket: "*", Permission: backend.Custom}},
		},
		"a condition": {
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::logs/*"],"Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`,
			want:   []backend.Grant{{Bucket: "*", Permission: backend.Custom}},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if !json.Valid([]byte(tc.policy)) {
				t.Fatalf("the case's policy is not JSON: %s", tc.policy)
			}
			got, err := parsePolicy([]byte(tc.policy))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if s3policy.IsRepresentable(got) {
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

// A policy this backend writes, as another client may send it back: with
// statement ids, the older version, one statement's resources as a
// string list in another order. It reads as the same grants.
func TestParseReadsEquivalentSpellings(t *testing.T) {
	ro, _ := minioActions(backend.ReadOnly)
	roActions, _ := json.Marshal(ro)
	accountActions, _ := json.Marshal(backend.AccountActions)
	doc := `{"Version":"2008-10-17","Id":"app","Statement":[` +
		`{"Sid":"account","Effect":"Allow","Action":` + string(accountActions) + `,"Resource":"arn:aws:s3:::*"},` +
		`{"Sid":"logs","Effect":"Allow","Action":` + string(roActions) + `,"Resource":["arn:aws:s3:::logs/*","arn:aws:s3:::logs"],"Condition":{}}]}`
	grants, ours, err := GrantsOfPolicy([]byte(doc))
	if err != nil || !ours {
		t.Fatalf("read as ours = %v, %v", ours, err)
	}
	if want := []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}; !slices.Equal(grants, want) {
		t.Fatalf("got %v, want %v", grants, want)
	}
}
