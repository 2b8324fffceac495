package linodetest

import (
	"strconv"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// secrets is Linode's part in the scan for secrets, on a fake of its own.
func secrets(t *testing.T, _ acctest.Shared) acctest.SecretStory {
	s := fake.StartValidated(t)
	return acctest.SecretStory{
		Env: []string{"MINIO_ENDPOINT=", "LINODE_URL=" + s.URL, "LINODE_TOKEN=" + s.Token},
		Key: func(address, name string) string {
			return acctest.KeyResource(address, name, "")
		},
		OutOfBand: func(t *testing.T) (string, string) {
			name := backendtest.UniqueName(t, "oob")
			return strconv.Itoa(s.AddLimitedKey(name, fake.Grant{Bucket: "secrets", Permission: "read_only", Region: "nl-ams"})), name
		},
		// The key is made but its label cannot be set: it is kept in state,
		// secret included, for replacement.
		FailCreate:  func(string) { s.Inject(fake.Fault{Op: "PUT key", Status: 400}) },
		Secrets:     func(*testing.T) []string { return s.Secrets() },
		Credentials: []string{s.Token},
	}
}
