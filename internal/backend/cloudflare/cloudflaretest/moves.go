package cloudflaretest

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// moveAccountToken moves a cloudflare_account_token made as Cloudflare's
// provider makes one for R2 read access to a bucket, its state as that
// provider stores it: taken over adopted, its secret derived from the
// value, with no write request and an empty plan after.
func moveAccountToken(t *testing.T) acctest.MoveStory {
	s := fake.StartValidated(t)
	name := backendtest.UniqueName(t, "moved-r2")
	resource := "com.cloudflare.edge.r2.bucket." + s.AccountID + "_default_logs"
	return acctest.MoveStory{
		Source: "cloudflare_account_token", Env: Env(s),
		Made: func(t *testing.T) acctest.MovedKey {
			read := s.GroupID("Workers R2 Storage Bucket Item Read")
			id := s.AddToken(name, []fake.Policy{{Effect: "allow", PermissionGroups: []fake.GroupRef{{ID: read}},
				Resources: map[string]any{resource: "*"}}})
			held, _ := s.TokenOf(id)
			resources, _ := json.Marshal(map[string]string{resource: "*"})
			return acctest.MovedKey{
				ID: "adopted/" + id, Secret: sha256Hex(held.Value),
				SourceConfig: fmt.Sprintf("resource \"cloudflare_account_token\" \"key\" {\n  account_id = %q\n  name = %q\n  policies = [{\n"+
					"    effect = \"allow\"\n    permission_groups = [{ id = %q }]\n    resources = %q\n  }]\n}\n", s.AccountID, name, read, resources),
				OurBlock: fmt.Sprintf("resource \"objectstorage_access_key\" \"key\" {\n  name = %q\n  bucket_access = [{ bucket = \"logs\", permission = \"read_only\" }]\n}\n", name),
				State: map[string]any{
					"id": id, "account_id": s.AccountID, "name": name, "status": "active", "value": held.Value,
					"issued_on": held.IssuedOn.Format(time.RFC3339), "modified_on": held.ModifiedOn.Format(time.RFC3339),
					"policies": []map[string]any{{"id": held.Policies[0].ID, "effect": "allow",
						"permission_groups": []map[string]any{{"id": read, "meta": nil}}, "resources": string(resources)}},
					"condition": nil, "expires_on": nil, "not_before": nil, "last_used_on": nil,
				},
			}
		},
		Writes: func() int {
			r := s.Requests()
			return r["POST tokens"] + r["PUT token"] + r["DELETE token"] + r["PUT token value"]
		},
		ResetWrites: s.ResetRequests,
		AfterMove:   "no-op",
	}
}
