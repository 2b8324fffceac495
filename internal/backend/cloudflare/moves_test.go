package cloudflare_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/peers"
)

// A cloudflare_account_token moves adopted, with the secret derived from
// the value its state holds, its expiry and issue time, and a grant on
// each bucket its policies reach (custom until a refresh reads the
// permission groups).
func TestMovedAccountToken(t *testing.T) {
	raw := backendtest.MoveState(t, "cloudflare_account_token.json")
	_, key, err := peers.Decode("registry.terraform.io/cloudflare/cloudflare", "cloudflare_account_token", 501, raw)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("moved-token-value-of-the-tests-0123456789abcdef"))
	if key.ID != "adopted/ed17574386854bf78a67040be0a770b0" || key.AccessKey != "ed17574386854bf78a67040be0a770b0" ||
		key.SecretKey != hex.EncodeToString(sum[:]) || key.Name != "backup-reader" || !key.Limited {
		t.Fatalf("moved %+v", backendtest.Redacted(key.Key))
	}
	if len(key.Grants) != 1 || key.Grants[0] != (backend.Grant{Bucket: "backups", Permission: backend.Custom}) {
		t.Errorf("grants %v", key.Grants)
	}
	if !key.ExpiresAt.Equal(time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)) || !key.CreatedAt.Equal(time.Date(2026, 10, 1, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("expires %v, created %v", key.ExpiresAt, key.CreatedAt)
	}
}

// A cloudflare_api_token is a user's, and is refused with what to do.
func TestMovedAPITokenIsRefused(t *testing.T) {
	raw := backendtest.MoveState(t, "cloudflare_api_token.json")
	_, _, err := peers.Decode("registry.terraform.io/cloudflare/cloudflare", "cloudflare_api_token", 501, raw)
	if err == nil || !strings.Contains(err.Error(), "account-owned tokens only") || strings.Contains(err.Error(), "moved-token-value") {
		t.Fatalf("moving a user's token: %v", err)
	}
}
