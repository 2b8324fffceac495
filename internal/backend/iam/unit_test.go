package iam

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/s3policy"
)

// A pending name fits IAM's 64 characters under the longest prefix, and
// tells when its create began.
func TestPendingNames(t *testing.T) {
	prefix := strings.Repeat("p", 30)
	now := time.Unix(1_800_000_000, 0)
	name, err := pendingName(prefix, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(name) > maxUserName || !isPending(prefix, name) {
		t.Fatalf("pending name %q: %d characters, pending %v", name, len(name), isPending(prefix, name))
	}
	if since, ok := pendingSince(prefix, name); !ok || !since.Equal(now) {
		t.Fatalf("pendingSince(%q) = %v, %v; want %v", name, since, ok, now)
	}
	for _, other := range []string{prefix + "AKIAIOSFODNN7EXAMPLE", prefix + "creating-zz-1", "other-creating-1-2"} {
		if _, ok := pendingSince(prefix, other); ok {
			t.Errorf("pendingSince(%q) found a time", other)
		}
	}
}

// AWS answers a policy URL-encoded; other services as plain JSON.
func TestPolicyDocumentDecodesBothAnswers(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::a b/*"]}]}`
	for _, answer := range []string{doc, url.PathEscape(doc), strings.ReplaceAll(url.QueryEscape(doc), "+", "%20")} {
		got, err := s3policy.FromIAMAnswer(answer)
		if err != nil || string(got) != doc {
			t.Errorf("s3policy.FromIAMAnswer(%.40q…) = %q, %v", answer, got, err)
		}
	}
}

// What a user's policies read as, on each policy language.
func TestGrantsOfAUser(t *testing.T) {
	custom := backend.Grant{Bucket: backend.WildcardBucket, Permission: backend.Custom}
	for _, service := range []Service{AWS, SeaweedFS} {
		b := New(Config{Service: service})
		unrestricted, _ := b.language.BuildUnrestricted()
		grants := []backend.Grant{{Bucket: "a", Permission: backend.ReadOnly}, {Bucket: "b", Permission: backend.ReadWrite}}
		limited, _ := b.language.Build(grants)
		cases := []struct {
			name        string
			u           user
			wantLimited bool
			want        []backend.Grant
		}{
			{"no policy", user{}, true, nil},
			{"another's policy alone", user{Foreign: true}, true, []backend.Grant{custom}},
			{"unrestricted", user{Policy: unrestricted}, false, nil},
			{"unrestricted and another's", user{Policy: unrestricted, Foreign: true}, true, []backend.Grant{custom}},
			{"grants", user{Policy: limited}, true, grants},
			{"grants and another's", user{Policy: limited, Foreign: true}, true, append(slices.Clone(grants), custom)},
		}
		for _, tc := range cases {
			gotLimited, got, err := b.grantsOf(tc.u)
			backend.SortGrants(tc.want)
			if err != nil || gotLimited != tc.wantLimited || !slices.Equal(got, tc.want) {
				t.Errorf("%s, %s: limited %v, grants %v, err %v; want limited %v, grants %v", service, tc.name, gotLimited, got, err, tc.wantLimited, tc.want)
			}
		}
	}
}

// A user is the backend's own only with the prefix, the path tag and the
// path (or "/", where the service ignores paths).
func TestOwns(t *testing.T) {
	b := New(Config{Path: "/team/", NamePrefix: "os-"})
	ours := map[string]string{tagPath: "/team/"}
	cases := []struct {
		name, path string
		tags       map[string]string
		want       bool
	}{
		{"os-AKIAIOSFODNN7EXAMPLE", "/team/", ours, true},
		{"os-AKIAIOSFODNN7EXAMPLE", "/", ours, true},
		{"os-AKIAIOSFODNN7EXAMPLE", "/other/", ours, false},
		{"os-AKIAIOSFODNN7EXAMPLE", "/team/", map[string]string{tagPath: "/other/"}, false},
		{"os-AKIAIOSFODNN7EXAMPLE", "/team/", nil, false},
		{"app-AKIAIOSFODNN7EXAMPLE", "/team/", ours, false},
	}
	for _, tc := range cases {
		if got := b.owns(tc.name, tc.path, tc.tags); got != tc.want {
			t.Errorf("owns(%q, %q, %v) = %v, want %v", tc.name, tc.path, tc.tags, got, tc.want)
		}
	}
}

// The name is a tag value; the id an access key id that fits a user name.
func TestValidation(t *testing.T) {
	b := New(Config{NamePrefix: DefaultNamePrefix})
	for name, ok := range map[string]bool{"app reader": true, "app_1.prod:eu/x=y+z-w@q": true, "": false, "semi;colon": false,
		strings.Repeat("n", 128): true, strings.Repeat("n", 129): false} {
		if got := b.ValidateKey(backend.KeySpec{Name: name}) == nil; got != ok {
			t.Errorf("ValidateKey(%q) valid = %v, want %v", name, got, ok)
		}
	}
	for id, ok := range map[string]bool{"AKIAIOSFODNN7EXAMPLE": true, "short": false, "AKIA-IOSFODNN7EXAMPLE": false, strings.Repeat("A", 51): false} {
		if got := b.ValidateID(id) == nil; got != ok {
			t.Errorf("ValidateID(%q) valid = %v, want %v", id, got, ok)
		}
	}
}

// On AWS, grants whose policy exceeds the 2,048 characters AWS keeps for a
// user are refused before any request; SeaweedFS has no such limit.
func TestPolicySizeLimit(t *testing.T) {
	grants := func(n int) []backend.Grant {
		var g []backend.Grant
		for i := range n {
			g = append(g, backend.Grant{Bucket: "bucket-name-" + strings.Repeat("x", 2) + string(rune('a'+i)), Permission: backend.ReadWrite})
		}
		return g
	}
	aws := New(Config{Service: AWS})
	if errs := aws.ValidateKey(backend.KeySpec{Name: "app", Limited: true, Grants: grants(10)}); len(errs) != 0 {
		t.Errorf("10 read_write buckets refused: %v", errs)
	}
	errs := aws.ValidateKey(backend.KeySpec{Name: "app", Limited: true, Grants: grants(20)})
	if len(errs) != 1 || errs[0].Field != backend.FieldGrants || !strings.Contains(errs[0].Detail, "more than the 2048 AWS keeps") {
		t.Errorf("20 read_write buckets: %v, want the size refused on grants", errs)
	}
	if errs := New(Config{Service: SeaweedFS}).ValidateKey(backend.KeySpec{Name: "app", Limited: true, Grants: grants(20)}); len(errs) != 0 {
		t.Errorf("SeaweedFS refused 20 buckets: %v", errs)
	}
}
