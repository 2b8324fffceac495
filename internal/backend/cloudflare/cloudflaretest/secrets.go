package cloudflaretest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// secrets is R2's part in the scan for secrets, on a fake of its own: both
// the tokens' values and the secrets derived from them must stay hidden.
func secrets(t *testing.T, _ acctest.Shared) acctest.SecretStory {
	s := fake.StartValidated(t)
	return acctest.SecretStory{
		Env: Env(s),
		Key: func(address, name string) string {
			return acctest.KeyResource(address, name, `bucket_access = [{ bucket = "secrets", permission = "read_only" }]`)
		},
		OutOfBand: func(t *testing.T) (string, string) {
			name := backendtest.UniqueName(t, "oob")
			b := cloudflare.New(cloudflare.Config{URL: URL(s), Token: s.Token, AccountID: s.AccountID, Jurisdiction: "default"})
			key, err := b.CreateKey(context.Background(), backend.KeySpec{Name: name, Limited: true,
				Grants: []backend.Grant{{Bucket: "secrets", Permission: backend.ReadOnly}}})
			if err != nil {
				t.Fatal(err)
			}
			return key.ID, name
		},
		// The token is made, but it cannot be given its name: it is kept
		// in state, secret included, for replacement.
		FailCreate: func(string) { s.Inject(fake.Fault{Op: "PUT token", Status: http.StatusBadRequest}) },
		Secrets: func(*testing.T) []string {
			var out []string
			for _, value := range s.Values() {
				sum := sha256.Sum256([]byte(value))
				out = append(out, value, hex.EncodeToString(sum[:]))
			}
			return out
		},
		Credentials: []string{s.Token},
	}
}

func sha256Hex(value string) string {
	sum := sha256.Sum256([]byte(value))
	return hex.EncodeToString(sum[:])
}
