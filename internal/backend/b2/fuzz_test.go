package b2_test

import (
	"net/http"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2/b2test"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// FuzzAnswers feeds the backend B2's answers changed: truncated,
// malformed, of the wrong types, with any status (backendtest.AnswerFuzz).
func FuzzAnswers(f *testing.F) {
	s := b2test.StartFake()
	f.Cleanup(s.Close)
	backendtest.AnswerFuzz{
		Open: func(url string, t http.RoundTripper) backend.Driver {
			return b2.New(b2.Config{URL: url, KeyID: s.KeyID, ApplicationKey: s.Key, Transport: t, Retries: backendtest.QuickRetries})
		},
		Fake:  s.URL,
		Token: s.Key,
		Spec: backend.KeySpec{Name: "fuzz", Limited: true,
			Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}},
	}.Run(f)
}
