package cephtest

import (
	"context"
	"net/http"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/ceph"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// secrets is the ceph backend's part in the scan for secrets, on the
// shared Ceph behind a fault proxy of its own. RGW shows every secret
// again, so the secrets are read from the gateway itself.
func secrets(t *testing.T, _ acctest.Shared) acctest.SecretStory {
	s := Shared(t)
	proxy, cfg := Behind(t, s)
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
			key, err := b.CreateKey(context.Background(), backend.KeySpec{Name: name})
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
			keys, err := b.ListKeys(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			secrets := append([]string(nil), made...)
			for _, k := range keys {
				secrets = append(secrets, k.SecretKey)
			}
			return secrets
		},
		Credentials: []string{s.SecretKey},
	}
}
