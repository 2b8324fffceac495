package gcstest

import (
	"fmt"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs"
)

// moveHMACKey moves a google_storage_hmac_key of an account made outside
// the provider (as google_service_account makes it), bound read_only on
// logs (as google_storage_bucket_iam_member binds it): its state as
// hashicorp/google stores it, taken over with no write request and an
// empty plan after, the bindings read as read_only.
func moveHMACKey(t *testing.T) acctest.MoveStory {
	s := Start(t)
	return acctest.MoveStory{
		Source: "google_storage_hmac_key", Env: Env(s),
		Made: func(t *testing.T) acctest.MovedKey {
			email := s.AddAccount("app-reader", "app-reader", "")
			for _, role := range gcs.Roles[backend.ReadOnly] {
				s.Bind("logs", role, "serviceAccount:"+email, nil)
			}
			k := s.AddHMACKeyWithSecret(email)
			id := k.Metadata.AccessId
			return acctest.MovedKey{
				ID: email + "/" + id, Secret: k.Secret,
				SourceConfig: fmt.Sprintf("resource \"google_storage_hmac_key\" \"key\" {\n  service_account_email = %q\n}\n", email),
				OurBlock:     "resource \"objectstorage_access_key\" \"key\" {\n  name = \"app-reader\"\n  bucket_access = [{ bucket = \"logs\", permission = \"read_only\" }]\n}\n",
				State: map[string]any{
					"id": "projects/" + s.Project + "/hmacKeys/" + id, "service_account_email": email, "state": "ACTIVE", "access_id": id,
					"secret": k.Secret, "time_created": k.Metadata.TimeCreated, "updated": k.Metadata.Updated, "project": s.Project,
				},
			}
		},
		Writes: func() int {
			r := s.Requests()
			return r["hmacKeys.create"] + r["hmacKeys.update"] + r["hmacKeys.delete"] + r["buckets.setIamPolicy"] +
				r["serviceAccounts.create"] + r["serviceAccounts.patch"] + r["serviceAccounts.delete"]
		},
		ResetWrites: s.ResetRequests,
		AfterMove:   "no-op",
	}
}
