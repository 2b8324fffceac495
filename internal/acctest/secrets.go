package acctest

import (
	"crypto/rand"
	"encoding/hex"
	"slices"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// SecretStory is one backend's part in the provider's scan for secrets
// (TestAccSecretsNeverShown): a real terraform at TF_LOG=TRACE creates,
// imports, plans, fails a create half-way, recovers and destroys, and no
// byte it shows or logs may hold a key's secret or the backend's
// credential.
type SecretStory struct {
	// Env is the backend's settings, credentials included, as a user gives
	// them.
	Env []string
	// Key is a resource block named address with a key named name.
	Key func(address, name string) string
	// OutOfBand makes a key behind Terraform's back and returns its import
	// id and name.
	OutOfBand func(t *testing.T) (id, name string)
	// FailCreate makes the next create, of a key named name, fail half-way.
	FailCreate func(name string)
	// Secrets returns every secret the service holds (or showed) now.
	Secrets func(t *testing.T) []string
	// Credentials are the backend's own secrets.
	Credentials []string
}

// RandomHex is n random bytes in hex.
func RandomHex(t testing.TB, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// EveryTry is a fault for every try of one request: the first and each
// retry the backends' retry policy allows, so that the request fails. The
// retries wait 1 + 2 + 4 + 8 + 16 s between them.
func EveryTry(f fakeapi.Fault) []fakeapi.Fault {
	return slices.Repeat([]fakeapi.Fault{f}, httpapi.DefaultMaxRetries+1)
}
