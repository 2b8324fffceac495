package linode_test

import (
	"net/http"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// FuzzAnswers feeds the backend Linode's answers changed: truncated,
// malformed, of the wrong types, with any status (backendtest.AnswerFuzz).
func FuzzAnswers(f *testing.F) {
	s := fake.Start()
	f.Cleanup(s.Close)
	backendtest.AnswerFuzz{
		Open:  func(url string, t http.RoundTripper) backend.Driver { return newBackendAt(url, s.Token, t) },
		Fake:  s.URL,
		Token: s.Token,
		Spec: backend.KeySpec{Name: "fuzz", Limited: true, Regions: []string{"nl-ams"},
			Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly, Region: "nl-ams"}}},
	}.Run(f)
}
