package iam

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/s3policy"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/fuzzstat"
)

// FuzzPolicyDocument reads policy documents as IAM APIs answer them: no
// panic; a JSON document reads back to itself whether the service sent it
// URL-encoded (AWS) or plain (SeaweedFS).
func FuzzPolicyDocument(f *testing.F) {
	for _, grants := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::logs/*"]}]}`,
		` {"Version":"2012-10-17","Statement":[]}`, `{"Condition":{"StringLike":{"s3:prefix":["a+b %"]}}}`,
	} {
		f.Add(grants)
		f.Add(url.PathEscape(grants))
	}
	f.Fuzz(func(t *testing.T, answer string) {
		fuzzstat.Count()
		doc, err := s3policy.FromIAMAnswer(answer)
		want := strings.TrimSpace(answer)
		// A policy document is a JSON object.
		if err != nil || !json.Valid([]byte(answer)) || !strings.HasPrefix(want, "{") {
			return
		}
		if string(doc) != want {
			t.Fatalf("plain JSON %q read as %q", answer, doc)
		}
		if encoded, err := s3policy.FromIAMAnswer(url.PathEscape(want)); err != nil || string(encoded) != want {
			t.Fatalf("URL-encoded %q read as %q (%v)", want, encoded, err)
		}
	})
}
