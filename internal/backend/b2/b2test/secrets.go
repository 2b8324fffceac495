package b2test

import (
	"context"
	"net/http"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// secrets is B2's part in the scan for secrets, on a fake of its own,
// which remembers the secrets of the keys deleted since too.
func secrets(t *testing.T, _ acctest.Shared) acctest.SecretStory {
	s := Start(t)
	return acctest.SecretStory{
		Env: Env(s),
		Key: func(address, name string) string {
			return acctest.KeyResource(address, name, `bucket_access = [{ bucket = "secrets", permission = "read_only" }]`)
		},
		OutOfBand: func(t *testing.T) (string, string) {
			name := backendtest.UniqueName(t, "oob")
			key, err := b2.New(b2.Config{URL: s.URL, KeyID: s.KeyID, ApplicationKey: s.Key}).CreateKey(context.Background(), backend.KeySpec{
				Name: name, Limited: true, Grants: []backend.Grant{{Bucket: "secrets", Permission: backend.ReadOnly}}})
			if err != nil {
				t.Fatal(err)
			}
			return key.ID, name
		},
		// B2 makes the key and the answer is lost, twice: each time the
		// create revokes the key it recognises, then gives up.
		FailCreate: func(string) {
			lost := fake.Fault{Op: "b2_create_key", Status: http.StatusInternalServerError, DoWork: true}
			s.Inject(lost, lost)
		},
		Secrets:     func(*testing.T) []string { return s.Secrets() },
		Credentials: []string{s.Key},
	}
}
