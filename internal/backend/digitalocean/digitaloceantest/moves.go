package digitaloceantest

import (
	"fmt"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// moveSpacesKey moves a key made as digitalocean_spaces_key makes one whose
// configuration has no grant block: its create sends {"name", "grants":
// []}, and its state stores grant = []. Here that is a limited key that
// reaches no bucket, bucket_access = [].
func moveSpacesKey(t *testing.T) acctest.MoveStory {
	s := fake.StartValidated(t)
	name := backendtest.UniqueName(t, "moved-do")
	return acctest.MoveStory{
		Source: "digitalocean_spaces_key", Env: Env(s),
		Made: func(t *testing.T) acctest.MovedKey {
			key := CreateAsPeer(t, s, name)
			return acctest.MovedKey{
				ID: key.AccessKey, Secret: key.SecretKey,
				SourceConfig: fmt.Sprintf("resource \"digitalocean_spaces_key\" \"key\" {\n  name = %q\n}\n", name),
				OurBlock:     fmt.Sprintf("resource \"objectstorage_access_key\" \"key\" {\n  name = %q\n  bucket_access = []\n}\n", name),
				State: map[string]any{
					"id": key.AccessKey, "name": key.Name, "grant": []map[string]string{},
					"access_key": key.AccessKey, "secret_key": key.SecretKey, "created_at": key.CreatedAt,
				},
			}
		},
		Writes: func() int {
			r := s.Requests()
			return r["POST keys"] + r["PUT key"] + r["PATCH key"] + r["DELETE key"]
		},
		ResetWrites: s.ResetRequests,
		AfterMove:   "no-op",
	}
}
