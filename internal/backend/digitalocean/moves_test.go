package digitalocean_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

const peerType = "digitalocean_spaces_key"

// A digitalocean_spaces_key moves with its secret and grants; one whose
// configuration had no grant block (state grant = []) is a limited key
// that reaches no bucket, and a full-access key an unrestricted one.
func TestMovedSpacesKey(t *testing.T) {
	raw := backendtest.MoveState(t, "digitalocean_spaces_key.json")
	key := backendtest.Moved(t, digitalocean.Kind, peerType, raw)
	want := []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}, {Bucket: "uploads", Permission: backend.ReadWrite}}
	if key.ID != "DO00QWERTYUIOPASDFGH" || key.AccessKey != key.ID || key.Name != "app-reader" ||
		key.SecretKey != "digitalocean-secret-of-the-key" || !key.Limited || !slices.Equal(key.Grants, want) || len(key.Warnings) != 0 {
		t.Fatalf("moved %+v", key)
	}
	if want := time.Date(2025, 10, 14, 8, 15, 0, 0, time.UTC); !key.CreatedAt.Equal(want) {
		t.Fatalf("created %v, want %v", key.CreatedAt, want)
	}
	for grants, wantLimited := range map[string]bool{`[]`: true, `[{"bucket":"","permission":"fullaccess"}]`: false} {
		key := backendtest.Moved(t, digitalocean.Kind, peerType, backendtest.WithField(t, raw, "grant", json.RawMessage(grants)))
		if key.Limited != wantLimited || len(key.Grants) != 0 || (wantLimited && key.Grants == nil) {
			t.Errorf("grant %s moved as limited=%v grants %#v", grants, key.Limited, key.Grants)
		}
	}
}
