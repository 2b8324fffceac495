// Package gcstest is what the provider's generic acceptance tests need of
// the Google Cloud Storage backend: a fake of its own for each test, with
// the buckets the tests grant, the provider block that reaches it, and
// what the backend refuses at plan time.
package gcstest

import (
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// Buckets are the buckets every fake of the tests holds.
var Buckets = []string{"faults", "secrets", "logs", "data", "media", "bench", "conf-a", "conf-b", "conf-c"}

// Start runs a fake of the test's own, with Buckets, stopped when the test
// ends; its traffic is checked against the Discovery documents.
func Start(t *testing.T) *fake.Server {
	t.Helper()
	s := fake.StartValidated(t)
	for _, b := range Buckets {
		s.AddBucket(b)
	}
	return s
}

// StartFake runs a fake with Buckets; the caller closes it.
func StartFake() *fake.Server {
	s := fake.Start()
	for _, b := range Buckets {
		s.AddBucket(b)
	}
	return s
}

// Config is the backend's configuration for s, with quick retries.
func Config(s *fake.Server) gcs.Config {
	return gcs.Config{Project: s.Project, Token: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: s.Token}),
		StorageURL: s.StorageURL(), IAMURL: s.IAMURL(), Retries: backendtest.QuickRetries, DeleteWait: 3 * time.Second}
}

// Provider is the provider block that reaches s.
func Provider(s *fake.Server) string {
	return acctest.ProviderBlock("gcs", "project", s.Project, "access_token", s.Token, "storage_url", s.StorageURL(), "iam_url", s.IAMURL())
}

// Env is the environment that reaches s with no provider block.
func Env(s *fake.Server) []string {
	return []string{"MINIO_ENDPOINT=", "GOOGLE_CLOUD_PROJECT=" + s.Project, "GOOGLE_OAUTH_ACCESS_TOKEN=" + s.Token,
		"GCS_STORAGE_URL=" + s.StorageURL(), "GCS_IAM_URL=" + s.IAMURL()}
}
