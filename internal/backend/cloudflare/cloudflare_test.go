package cloudflare_test

import (
	"os"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

func TestMain(m *testing.M) { os.Exit(acctest.RunAcceptance(m)) }

// newBackend is the backend on a fake of the test's own, checked against
// the excerpt.
func newBackend(t *testing.T) (*cloudflare.Backend, *fake.Server) {
	t.Helper()
	s := fake.StartValidated(t)
	return cloudflare.New(cloudflare.Config{URL: s.URL + "/client/v4", Token: s.Token, AccountID: s.AccountID, Jurisdiction: "default",
		Retries: backendtest.QuickRetries}), s
}

func TestConformance(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backendtest.Harness {
		b, _ := newBackend(t)
		return backendtest.Driven{D: b}
	})
}

// The conformance suite on the real API, when CLOUDFLARE_API_TOKEN and
// CLOUDFLARE_ACCOUNT_ID are set (skipped otherwise); it grants buckets
// conf-a, conf-b and conf-c and revokes the tokens it makes.
func TestConformanceOnCloudflare(t *testing.T) {
	token, account := os.Getenv("CLOUDFLARE_API_TOKEN"), os.Getenv("CLOUDFLARE_ACCOUNT_ID")
	if token == "" || account == "" {
		t.Skip("set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID to run on Cloudflare")
	}
	url := os.Getenv("CLOUDFLARE_API_URL")
	if url == "" {
		url = "https://api.cloudflare.com/client/v4"
	}
	backendtest.Run(t, func(t *testing.T) backendtest.Harness {
		return backendtest.Driven{D: cloudflare.New(cloudflare.Config{URL: url, Token: token, AccountID: account, Jurisdiction: "default"})}
	})
}
