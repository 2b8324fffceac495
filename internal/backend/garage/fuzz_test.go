package garage_test

import (
	"net/http"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/garage"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/garage/garagetest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// FuzzAnswers feeds the backend Garage's answers changed: truncated,
// malformed, of the wrong types, with any status (backendtest.AnswerFuzz).
func FuzzAnswers(f *testing.F) {
	s := garagetest.StartFake()
	f.Cleanup(s.Close)
	backendtest.AnswerFuzz{
		Open: func(url string, t http.RoundTripper) backend.Driver {
			return garage.New(garage.Config{Endpoint: url, Token: s.Token, Transport: t, Retries: backendtest.QuickRetries})
		},
		Fake:  s.URL,
		Token: s.Token,
		Spec: backend.KeySpec{Name: "fuzz", Limited: true,
			Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}},
	}.Run(f)
}
