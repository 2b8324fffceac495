package gcstest

import (
	"context"
	"net/http"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// secrets is Google Cloud Storage's part in the scan for secrets, on a
// fake of its own that remembers every HMAC secret it gave. The provider
// signs in with a service account key file (through the fake's token
// endpoint), whose private key and the token it gets must stay hidden too.
// Google's clients would log answers whole at
// GOOGLE_SDK_GO_LOGGING_LEVEL=debug, so the scan runs with it set.
func secrets(t *testing.T, _ acctest.Shared) acctest.SecretStory {
	s := Start(t)
	keyFile, keyLine := KeyFile(s)
	env := []string{"MINIO_ENDPOINT=", "GOOGLE_CLOUD_PROJECT=" + s.Project, "GOOGLE_CREDENTIALS=" + keyFile,
		"GCS_STORAGE_URL=" + s.StorageURL(), "GCS_IAM_URL=" + s.IAMURL(), "GOOGLE_SDK_GO_LOGGING_LEVEL=debug"}
	return acctest.SecretStory{
		Env: env,
		Key: func(address, name string) string {
			return acctest.KeyResource(address, name, `bucket_access = [{ bucket = "secrets", permission = "read_only" }]`)
		},
		OutOfBand: func(t *testing.T) (string, string) {
			name := backendtest.UniqueName(t, "oob")
			key, err := gcs.New(Config(s)).CreateKey(context.Background(), backend.KeySpec{Name: name, Limited: true,
				Grants: []backend.Grant{{Bucket: "secrets", Permission: backend.ReadOnly}}})
			if err != nil {
				t.Fatal(err)
			}
			return key.ID, name
		},
		// The key is made, but it cannot be bound on its bucket: the
		// create removes it and fails.
		FailCreate:  func(string) { s.Inject(fake.Fault{Op: "buckets.setIamPolicy", Status: http.StatusForbidden}) },
		Secrets:     func(*testing.T) []string { return s.Secrets() },
		Credentials: []string{s.Token, keyLine},
	}
}
