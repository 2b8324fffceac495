package glesys_test

import (
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

const peerType = "glesys_objectstorage_credential"

func TestMovedCredential(t *testing.T) {
	key := backendtest.Moved(t, glesys.Kind, peerType, backendtest.MoveState(t, "glesys_objectstorage_credential.json"))
	if key.ID != "os-ab123/4f0b8a1e-0d8c-4a8b-9d7e-2f1c3b5a6d70" || key.InstanceID != "os-ab123" ||
		key.Name != "backup-writer" || key.SecretKey != "glesys-secret-of-the-credential" {
		t.Fatalf("moved %+v", key.Key)
	}
	if want := time.Date(2020, 5, 29, 13, 37, 0, 0, time.UTC); !key.CreatedAt.Equal(want) {
		t.Fatalf("created %v, want %v", key.CreatedAt, want)
	}
}

// A credential made without a description carries the one GleSYS answers
// for it, "None".
func TestMovedCredentialWithoutDescription(t *testing.T) {
	raw := []byte(`{"id":"4f0b8a1e-0d8c-4a8b-9d7e-2f1c3b5a6d71","instanceid":"os-ab123","accesskey":"AKGLESYS","secretkey":"glesys-secret",` +
		`"created":"2020-05-29T13:37:00+00:00","description":"None"}`)
	if key := backendtest.Moved(t, glesys.Kind, peerType, raw); key.Name != "None" {
		t.Errorf("a credential without a description moved with the name %q, want %q", key.Name, "None")
	}
}
