package cloudflare_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// FuzzAnswers feeds the backend Cloudflare's answers changed: truncated,
// malformed, of the wrong types, with any status (backendtest.AnswerFuzz).
// A key's secret is the SHA-256 of a token value an answer carries, and
// neither may show in an error.
func FuzzAnswers(f *testing.F) {
	s := fake.Start()
	f.Cleanup(s.Close)
	backendtest.AnswerFuzz{
		Open: func(url string, t http.RoundTripper) backend.Driver {
			return cloudflare.New(cloudflare.Config{URL: url + "/client/v4", Token: s.Token, AccountID: s.AccountID, Jurisdiction: "default",
				Transport: t, Retries: backendtest.QuickRetries})
		},
		Fake:  s.URL,
		Token: s.Token,
		Spec: backend.KeySpec{Name: "fuzz", Limited: true,
			Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}},
		SecretField: "value",
		Derive: func(value string) string {
			sum := sha256.Sum256([]byte(value))
			return hex.EncodeToString(sum[:])
		},
	}.Run(f)
}
