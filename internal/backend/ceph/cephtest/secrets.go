package cephtest

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/ceph"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// secretKeyJSON finds the secrets in the admin API's answers about users.
var secretKeyJSON = regexp.MustCompile(`"secret_key":"((?:[^"\\]|\\.)*)"`)

// secrets is the ceph backend's part in the scan for secrets, on the
// shared Ceph behind a fault proxy of its own, which keeps every answer
// that holds a secret as it passes: a create's (the user with its key) and
// each read's (the user's metadata record).
func secrets(t *testing.T, _ acctest.Shared) acctest.SecretStory {
	s := Shared(t)
	proxy, cfg := Behind(t, s)
	proxy.KeepAnswers("PUT user")
	proxy.KeepAnswers("GET metadata/user")
	b, err := ceph.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var made []string
	return acctest.SecretStory{
		Env: []string{"MINIO_ENDPOINT=", "CEPH_RGW_ENDPOINT=" + cfg.Endpoint, "CEPH_RGW_ACCESS_KEY=" + s.AccessKey,
			"CEPH_RGW_SECRET_KEY=" + s.SecretKey},
		Key: func(address, name string) string {
			return acctest.KeyResource(address, name, `bucket_access = [{ bucket = "secrets", permission = "read_only" }]`)
		},
		OutOfBand: func(t *testing.T) (string, string) {
			name := backendtest.UniqueName(t, "oob")
			key, err := b.CreateKey(context.Background(), backend.KeySpec{Name: name, Limited: true,
				Grants: []backend.Grant{{Bucket: "secrets", Permission: backend.ReadOnly}}})
			if err != nil {
				t.Fatal(err)
			}
			made = append(made, key.SecretKey)
			return key.ID, name
		},
		// The user is made, but its policy cannot be written: the create
		// removes the user and fails.
		FailCreate: func(string) { proxy.Inject(fakeapi.Fault{Op: "PutUserPolicy", Status: http.StatusBadRequest}) },
		Secrets: func(t *testing.T) []string {
			seen := map[string]bool{}
			for _, secret := range made {
				seen[secret] = true
			}
			for _, op := range []string{"PUT user", "GET metadata/user"} {
				for _, answer := range proxy.Answers(op) {
					for _, m := range secretKeyJSON.FindAllSubmatch(answer, -1) {
						var secret string
						if err := json.Unmarshal(append(append([]byte{'"'}, m[1]...), '"'), &secret); err != nil {
							t.Fatal(err)
						}
						seen[secret] = true
					}
				}
			}
			return slices.Collect(maps.Keys(seen))
		},
		Credentials: []string{s.SecretKey},
	}
}
