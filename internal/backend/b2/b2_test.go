package b2_test

import (
	"os"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

func TestMain(m *testing.M) { os.Exit(acctest.RunAcceptance(m)) }

// buckets every fake of the tests holds.
var buckets = []string{"logs", "data", "media", "conf-a", "conf-b", "conf-c"}

// newBackend is the backend on a fake of the test's own.
func newBackend(t *testing.T) (*b2.Backend, *fake.Server) {
	t.Helper()
	s := fake.Start()
	t.Cleanup(s.Close)
	for _, name := range buckets {
		s.AddBucket(name)
	}
	return b2.New(b2.Config{URL: s.URL, KeyID: s.KeyID, ApplicationKey: s.Key, Retries: backendtest.QuickRetries}), s
}

func TestConformance(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backendtest.Harness {
		b, _ := newBackend(t)
		return backendtest.Driven{D: b}
	})
}

// The conformance suite on the real B2, when B2_APPLICATION_KEY_ID and
// B2_APPLICATION_KEY are set (skipped otherwise); it grants buckets
// conf-a, conf-b and conf-c, which must exist, and deletes the keys it
// makes.
func TestConformanceOnB2(t *testing.T) {
	keyID, key := os.Getenv("B2_APPLICATION_KEY_ID"), os.Getenv("B2_APPLICATION_KEY")
	if keyID == "" || key == "" {
		t.Skip("set B2_APPLICATION_KEY_ID and B2_APPLICATION_KEY (with buckets conf-a, conf-b and conf-c) to run on B2")
	}
	url := os.Getenv("B2_URL")
	if url == "" {
		url = "https://api.backblazeb2.com"
	}
	backendtest.Run(t, func(t *testing.T) backendtest.Harness {
		return backendtest.Driven{D: b2.New(b2.Config{URL: url, KeyID: keyID, ApplicationKey: key})}
	})
}
