package garagetest

import (
	"context"
	"net/http"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/garage"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/garage/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// secrets is Garage's part in the scan for secrets, on a fake of its own,
// which remembers the secrets of the keys deleted since too.
func secrets(t *testing.T, _ acctest.Shared) acctest.SecretStory {
	s := Start(t)
	return acctest.SecretStory{
		Env: []string{"MINIO_ENDPOINT=", "GARAGE_ADMIN_ENDPOINT=" + s.URL, "GARAGE_ADMIN_TOKEN=" + s.Token},
		Key: func(address, name string) string {
			return acctest.KeyResource(address, name, `bucket_access = [{ bucket = "secrets", permission = "read_only" }]`)
		},
		OutOfBand: func(t *testing.T) (string, string) {
			name := backendtest.UniqueName(t, "oob")
			key, err := garage.New(garage.Config{Endpoint: s.URL, Token: s.Token}).CreateKey(context.Background(), backend.KeySpec{
				Name: name, Limited: true, Grants: []backend.Grant{{Bucket: "secrets", Permission: backend.ReadOnly}}})
			if err != nil {
				t.Fatal(err)
			}
			return key.ID, name
		},
		// The key is imported, but it cannot be allowed on its bucket: the
		// create deletes it and fails.
		FailCreate:  func(string) { s.Inject(fake.Fault{Op: "AllowBucketKey", Status: http.StatusBadRequest}) },
		Secrets:     func(*testing.T) []string { return s.Secrets() },
		Credentials: []string{s.Token},
	}
}
