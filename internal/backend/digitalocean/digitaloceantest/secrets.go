package digitaloceantest

import (
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// secrets is DigitalOcean's part in the scan for secrets, on a fake of its
// own.
func secrets(t *testing.T, _ acctest.Shared) acctest.SecretStory {
	s := fake.StartValidated(t)
	return acctest.SecretStory{
		// The token by its second name, which DigitalOcean's tools read too.
		Env: []string{"MINIO_ENDPOINT=", "DIGITALOCEAN_API_URL=" + s.URL, "DIGITALOCEAN_TOKEN=", "DIGITALOCEAN_ACCESS_TOKEN=" + s.Token},
		Key: func(address, name string) string {
			return acctest.KeyResource(address, name, "")
		},
		OutOfBand: func(t *testing.T) (string, string) {
			name := backendtest.UniqueName(t, "oob")
			accessKey, _ := s.AddKey(name, fake.Grant{Bucket: "secrets", Permission: "read"})
			return accessKey, name
		},
		// The key is made but its name cannot be set: it is kept in state,
		// secret included, for replacement.
		FailCreate:  func(string) { s.Inject(fake.Fault{Op: "PUT key", Status: 400}) },
		Secrets:     func(*testing.T) []string { return s.Secrets() },
		Credentials: []string{s.Token},
	}
}
