package glesystest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// moveCredential moves a glesys_objectstorage_credential, its state as
// the GleSYS provider stores it.
func moveCredential(t *testing.T) acctest.MoveStory {
	s := Start(t)
	description := backendtest.UniqueName(t, "moved-glesys")
	return acctest.MoveStory{
		Source: "glesys_objectstorage_credential",
		Env:    []string{"MINIO_ENDPOINT=", "GLESYS_API_URL=" + s.URL, "GLESYS_USERID=" + s.Project, "GLESYS_TOKEN=" + s.Token},
		Made: func(t *testing.T) acctest.MovedKey {
			driver := glesys.New(glesys.Config{URL: s.URL, Project: s.Project, Token: s.Token})
			key, err := driver.CreateKey(context.Background(), backend.KeySpec{Name: description, InstanceID: Instance})
			if err != nil {
				t.Fatal(err)
			}
			_, credential, _ := strings.Cut(key.ID, "/")
			return acctest.MovedKey{
				ID: key.ID, Secret: key.SecretKey,
				SourceConfig: fmt.Sprintf("resource \"glesys_objectstorage_credential\" \"key\" {\n  instanceid = %q\n  description = %q\n}\n", Instance, description),
				OurBlock:     fmt.Sprintf("resource \"objectstorage_access_key\" \"key\" {\n  name = %q\n  instance_id = %q\n}\n", description, Instance),
				State: map[string]any{
					"id": credential, "instanceid": Instance, "accesskey": key.AccessKey, "secretkey": key.SecretKey,
					"created": key.CreatedAt.Format(time.RFC3339), "description": description,
				},
			}
		},
		Writes: func() int {
			n := 0
			for op, count := range s.Requests() {
				if strings.HasPrefix(op, "create") || strings.HasPrefix(op, "delete") || strings.HasPrefix(op, "edit") {
					n += count
				}
			}
			return n
		},
		ResetWrites: s.ResetRequests,
		AfterMove:   "no-op",
	}
}
