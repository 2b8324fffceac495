package gcs_test

import (
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

const peerType = "google_storage_hmac_key"

// A google_storage_hmac_key moves as ACCOUNT_EMAIL/ACCESS_ID with its
// secret, its state and its creation time, named after its account until
// the first read; its grants are left to that read. One without a secret
// (imported) moves with a warning; a state of neither kind is refused.
func TestMovedHMACKey(t *testing.T) {
	raw := backendtest.MoveState(t, "google_storage_hmac_key.json")
	key := backendtest.Moved(t, gcs.Kind, peerType, raw)
	const accessID = "GOOG1EXAMPLEACCESSIDOFAMOVEDKEYFORTHETESTS0123456789ABCDEFGHIJ"
	if key.ID != "backup-reader@my-project.iam.gserviceaccount.com/"+accessID || key.AccessKey != accessID || key.Name != "backup-reader" ||
		key.SecretKey != "bGlrZS1hLXNlY3JldC1idXQtbWFkZS11cC0xMjM0" || !key.Limited || key.Grants != nil || !key.Disabled || len(key.Warnings) != 0 {
		t.Fatalf("moved %+v", key)
	}
	if want := time.Date(2026, 3, 4, 5, 6, 7, 890e6, time.UTC); !key.CreatedAt.Equal(want) {
		t.Errorf("created %v, want %v", key.CreatedAt, want)
	}
	if err := gcs.New(gcs.Config{}).ValidateID(key.ID); err != nil {
		t.Errorf("the moved id is refused: %v", err)
	}
	if imported := backendtest.Moved(t, gcs.Kind, peerType, backendtest.WithField(t, raw, "secret", nil)); imported.SecretKey != "" || len(imported.Warnings) != 1 {
		t.Errorf("a key without its secret moved as %+v", imported)
	}
	if _, err := backendtest.MoveDecode(t, gcs.Kind, peerType, backendtest.WithField(t, raw, "state", "DELETED")); err == nil {
		t.Error("a DELETED key moved")
	}
	if _, err := backendtest.MoveDecode(t, gcs.Kind, peerType, backendtest.WithField(t, raw, "service_account_email", "")); err == nil {
		t.Error("a key without its account moved")
	}
}
