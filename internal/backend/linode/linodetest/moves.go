package linodetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// moveObjectStorageKey moves a linode_object_storage_key limited to one
// bucket, its state as the Linode provider stores it.
func moveObjectStorageKey(t *testing.T) acctest.MoveStory {
	s := fake.StartValidated(t)
	name := backendtest.UniqueName(t, "moved-linode")
	return acctest.MoveStory{
		Source: "linode_object_storage_key", Env: []string{"MINIO_ENDPOINT=", "LINODE_URL=" + s.URL, "LINODE_TOKEN=" + s.Token},
		Made: func(t *testing.T) acctest.MovedKey {
			driver := linode.New(linode.Config{URL: s.URL, APIVersion: "v4", Token: s.Token})
			key, err := driver.CreateKey(context.Background(), backend.KeySpec{
				Name: name, Limited: true, Grants: []backend.Grant{{Bucket: "moved-logs", Permission: backend.ReadOnly, Region: "nl-ams"}},
				Regions: []string{"nl-ams"},
			})
			if err != nil {
				t.Fatal(err)
			}
			return acctest.MovedKey{
				ID: key.ID, Secret: key.SecretKey,
				SourceConfig: fmt.Sprintf("resource \"linode_object_storage_key\" \"key\" {\n  label = %q\n  bucket_access {\n    bucket_name = \"moved-logs\"\n    permissions = \"read_only\"\n    region = \"nl-ams\"\n  }\n}\n", name),
				OurBlock:     fmt.Sprintf("resource \"objectstorage_access_key\" \"key\" {\n  name = %q\n  bucket_access = [{ bucket = \"moved-logs\", permission = \"read_only\", region = \"nl-ams\" }]\n}\n", name),
				State: map[string]any{
					"id": key.ID, "label": name, "access_key": key.AccessKey, "secret_key": key.SecretKey, "limited": true,
					"regions":         []string{"nl-ams"},
					"regions_details": []map[string]string{{"id": "nl-ams", "s3_endpoint": "nl-ams-1.linodeobjects.com", "endpoint_type": "E1"}},
					"bucket_access":   []map[string]string{{"bucket_name": "moved-logs", "permissions": "read_only", "region": "nl-ams", "cluster": "nl-ams-1"}},
				},
			}
		},
		Writes: func() int {
			r := s.Requests()
			return r["POST keys"] + r["PUT key"] + r["DELETE key"]
		},
		ResetWrites: s.ResetRequests,
		AfterMove:   "no-op",
	}
}
