package b2test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// moveApplicationKey moves a b2_application_key restricted to one bucket
// with read_only's capabilities: its state as Backblaze/b2 stores it
// (bucket_id filled with the first of bucket_ids), taken over with no
// write request and an empty plan after.
func moveApplicationKey(t *testing.T) acctest.MoveStory {
	s := Start(t)
	name := backendtest.UniqueName(t, "moved-b2")
	return acctest.MoveStory{
		Source: "b2_application_key", Env: Env(s),
		Made: func(t *testing.T) acctest.MovedKey {
			key, err := b2.New(b2.Config{URL: s.URL, KeyID: s.KeyID, ApplicationKey: s.Key}).CreateKey(context.Background(),
				backend.KeySpec{Name: name, Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}})
			if err != nil {
				t.Fatal(err)
			}
			held, _ := s.KeyOf(key.ID)
			capabilities, _ := json.Marshal(held.Capabilities)
			return acctest.MovedKey{
				ID: key.ID, Secret: key.SecretKey,
				SourceConfig: fmt.Sprintf("resource \"b2_application_key\" \"key\" {\n  key_name = %q\n  capabilities = %s\n  bucket_ids = [%q]\n}\n",
					name, capabilities, held.BucketIDs[0]),
				OurBlock: fmt.Sprintf("resource \"objectstorage_access_key\" \"key\" {\n  name = %q\n  bucket_access = [{ bucket = \"logs\", permission = \"read_only\" }]\n}\n", name),
				State: map[string]any{
					"id": key.ID, "application_key_id": key.ID, "application_key": key.SecretKey, "key_name": name,
					"capabilities": held.Capabilities, "bucket_ids": held.BucketIDs, "bucket_id": held.BucketIDs[0],
					"name_prefix": nil, "valid_duration_in_seconds": nil, "expiration_timestamp": nil, "options": []string{"s3"},
				},
			}
		},
		Writes: func() int {
			r := s.Requests()
			return r["b2_create_key"] + r["b2_delete_key"]
		},
		ResetWrites: s.ResetRequests,
		AfterMove:   "no-op",
	}
}
