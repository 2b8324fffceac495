package glesys_test

import (
	"net/http"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// FuzzAnswers feeds the backend GleSYS's answers changed: truncated,
// malformed, of the wrong types, with any status (backendtest.AnswerFuzz).
func FuzzAnswers(f *testing.F) {
	s := fake.Start()
	f.Cleanup(s.Close)
	s.AddInstance(instance, "fuzz instance")
	backendtest.AnswerFuzz{
		Open:  func(url string, t http.RoundTripper) backend.Driver { return newBackendAt(url, s.Project, s.Token, t) },
		Fake:  s.URL,
		Token: s.Token,
		Spec:  backend.KeySpec{Name: "fuzz", InstanceID: instance},
	}.Run(f)
}
