package iam_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

const peerType = "aws_iam_access_key"

// An aws_iam_access_key moves as a key in a user made elsewhere
// (USER/ACCESS_KEY_ID), named after its user, with its secret and status;
// one kept encrypted with pgp_key moves without its secret.
func TestMovedAccessKey(t *testing.T) {
	raw := backendtest.MoveState(t, "aws_iam_access_key.json")
	key := backendtest.Moved(t, iam.Kind, peerType, raw)
	if key.ID != "app-reader/AKIAIOSFODNN7EXAMPLE" || key.AccessKey != "AKIAIOSFODNN7EXAMPLE" ||
		key.Name != "app-reader" || key.SecretKey != "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" || key.Disabled || len(key.Warnings) != 0 {
		t.Fatalf("moved %+v", key)
	}
	if want := time.Date(2024, 2, 11, 9, 30, 0, 0, time.UTC); !key.CreatedAt.Equal(want) {
		t.Fatalf("created %v, want %v", key.CreatedAt, want)
	}
	var s map[string]any
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	s["pgp_key"], s["secret"], s["status"] = "keybase:someone", nil, "Inactive"
	encrypted, _ := json.Marshal(s)
	key = backendtest.Moved(t, iam.Kind, peerType, encrypted)
	if key.SecretKey != "" || !key.Disabled || len(key.Warnings) != 1 || !strings.Contains(key.Warnings[0], "pgp_key") {
		t.Fatalf("moved with pgp_key: %+v", key)
	}
}
