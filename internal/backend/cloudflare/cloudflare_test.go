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
