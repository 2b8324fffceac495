package glesystest

import (
	"fmt"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// secrets is GleSYS's part in the scan for secrets, on a fake of its own.
func secrets(t *testing.T, _ acctest.Shared) acctest.SecretStory {
	s := Start(t)
	return acctest.SecretStory{
		Env: []string{"MINIO_ENDPOINT=", "GLESYS_API_URL=" + s.URL, "GLESYS_USERID=" + s.Project, "GLESYS_TOKEN=" + s.Token},
		Key: func(address, name string) string {
			return acctest.KeyResource(address, name, fmt.Sprintf("instance_id = %q", Instance))
		},
		OutOfBand: func(t *testing.T) (string, string) {
			name := backendtest.UniqueName(t, "oob")
			return Instance + "/" + s.AddCredentialDescribed(Instance, name), name
		},
		// The credential is made but the answer is a 500, and a colleague
		// made one with the same description meanwhile: neither is
		// adopted, and the error lists both.
		FailCreate: func(name string) {
			f := fakeapi.ErrorAfterWork.Fault("createcredential")
			f.During = func() { s.AddCredentialDescribed(Instance, name) }
			s.Inject(f)
		},
		Secrets:     func(*testing.T) []string { return s.Secrets() },
		Credentials: []string{s.Token},
	}
}
