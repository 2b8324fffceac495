package s3policy

import (
	"maps"
	"slices"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/fuzzstat"
)

// fuzzLanguages are the two kinds of language the services have: with the
// account-wide statement (MinIO, AWS) and without (SeaweedFS).
var fuzzLanguages = []Language{
	{Actions: backend.Permission.Actions, Account: backend.AccountActions},
	{Actions: backend.Permission.Actions},
}

// FuzzParse reads policies another client may have written. Parse never
// panics and never fails on JSON; where it reads grants this provider can
// write (no custom grant), the policy grants exactly what the policy Build
// writes for them does, statement by statement merged, so a plan that
// finds no change there is right.
func FuzzParse(f *testing.F) {
	grantSets := [][]backend.Grant{
		{},
		{{Bucket: "logs", Permission: backend.ReadOnly}},
		{{Bucket: "logs", Permission: backend.ReadOnly}, {Bucket: "media", Permission: backend.ReadWrite}},
	}
	for i, l := range fuzzLanguages {
		for _, grants := range grantSets {
			raw, err := l.Build(grants)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(i, raw)
		}
		unrestricted, err := l.BuildUnrestricted()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(i, unrestricted)
		// Policies other clients write: a Deny, a condition, one statement
		// alone, the older version, actions as one string.
		f.Add(i, []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:*"],"Resource":["arn:aws:s3:::logs/*"]}]}`))
		f.Add(i, []byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}`))
		f.Add(i, []byte(`{"Version":"2008-10-17","Id":"x","Statement":[{"Sid":"a","Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::logs"]}]}`))
	}
	f.Fuzz(func(t *testing.T, language int, raw []byte) {
		if language < 0 || language >= len(fuzzLanguages) {
			return
		}
		fuzzstat.Count()
		l := fuzzLanguages[language]
		grants, err := l.Parse(raw)
		if err != nil {
			return
		}
		if !IsRepresentable(grants) {
			return
		}
		built, err := l.Build(grants)
		if err != nil {
			t.Fatalf("Parse read grants Build refuses: %v: %v", grants, err)
		}
		read, _ := Decode(raw)
		written, _ := Decode(built)
		if got, want := effective(read), effective(written); !sameEffect(got, want) {
			t.Fatalf("read %v from a policy that grants %v, but those grants are written as %v", grants, got, want)
		}
		again, err := l.Parse(built)
		if err != nil || !slices.Equal(again, grants) {
			t.Fatalf("grants %v written and read again are %v (%v)", grants, again, err)
		}
	})
}

// effective is what a document of plain Allow statements grants: each
// resource's actions, over all statements.
func effective(doc Document) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, st := range doc.Statement {
		for _, r := range st.Resource {
			if len(st.Action) == 0 {
				continue
			}
			if out[r] == nil {
				out[r] = map[string]bool{}
			}
			for _, a := range st.Action {
				out[r][a] = true
			}
		}
	}
	return out
}

func sameEffect(a, b map[string]map[string]bool) bool {
	return maps.EqualFunc(a, b, func(x, y map[string]bool) bool { return maps.Equal(x, y) })
}
