package b2_test

import (
	"slices"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

const peerType = "b2_application_key"

// A b2_application_key moves with its secret, its expiry and one grant of
// its permission per bucket (by id until a refresh reads the names); the
// older bucket_id form moves the same; capabilities of neither permission,
// or a name prefix, move as custom grants with what they mean said.
func TestMovedApplicationKey(t *testing.T) {
	raw := backendtest.MoveState(t, "b2_application_key.json")
	key := backendtest.Moved(t, b2.Kind, peerType, raw)
	want := []backend.Grant{{Bucket: "4a6b7c8d9e0f11aa22bb33cc", Permission: backend.ReadOnly}, {Bucket: "4a6b7c8d9e0f44dd55ee66ff", Permission: backend.ReadOnly}}
	if key.ID != "0044a6b7c8d9e0f0000000042" || key.AccessKey != key.ID || key.Name != "backup-reader" ||
		key.SecretKey != "K004secretofthemovedkeyforthetests" || !key.Limited || !slices.Equal(key.Grants, want) || len(key.Warnings) != 0 {
		t.Fatalf("moved %+v", key)
	}
	if want := time.UnixMilli(1830297600000).UTC(); !key.ExpiresAt.Equal(want) {
		t.Errorf("expires %v, want %v", key.ExpiresAt, want)
	}
	old := backendtest.Moved(t, b2.Kind, peerType, backendtest.WithField(t, raw, "bucket_ids", nil))
	if len(old.Grants) != 1 || old.Grants[0].Bucket != "4a6b7c8d9e0f11aa22bb33cc" {
		t.Errorf("the bucket_id form moved with grants %v", old.Grants)
	}
	custom := backendtest.Moved(t, b2.Kind, peerType, backendtest.WithField(t, raw, "capabilities", []string{"readFiles", "shareFiles"}))
	if len(custom.Grants) != 2 || custom.Grants[0].Permission != backend.Custom {
		t.Errorf("other capabilities moved with grants %v", custom.Grants)
	}
	prefixed := backendtest.Moved(t, b2.Kind, peerType, backendtest.WithField(t, raw, "name_prefix", "backups/"))
	if len(prefixed.Warnings) != 1 || prefixed.Grants[0].Permission != backend.Custom {
		t.Errorf("a name prefix moved with grants %v, warnings %v", prefixed.Grants, prefixed.Warnings)
	}
}
