package minio

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// The pinned server's IAM export reads as the key it describes, and the
// secret it carries is never decoded.
func TestParseExportGolden(t *testing.T) {
	raw, err := os.ReadFile("testdata/export-iam.zip")
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := parseExport(raw)
	if err != nil {
		t.Fatal(err)
	}
	const id, secret = "GOLDENKEY00000000001", "golden-secret-00000000000000000000000001"
	a, ok := accounts[id]
	if len(accounts) != 1 || !ok || a.Parent != "objectstorage-admin" || a.Name != "golden" || a.Status != statusOn {
		t.Fatalf("parsed %+v", accounts)
	}
	if strings.Contains(fmt.Sprintf("%+v", accounts), secret) {
		t.Fatal("the parsed export holds the account's secret")
	}
	key, err := keyFromInfo(id, exportedInfo(a))
	if err != nil {
		t.Fatal(err)
	}
	// The recorded policy grants s3:GetObject and s3:ListBucket, fewer
	// actions than read_only, and other account-wide actions: custom.
	want := []backend.Grant{{Bucket: backend.WildcardBucket, Permission: backend.Custom}, {Bucket: "golden", Permission: backend.Custom}}
	if !key.Limited || key.Disabled || key.Name != "golden" || !slices.Equal(key.Grants, want) ||
		!key.ExpiresAt.Equal(time.Date(2027, 6, 1, 12, 0, 0, 0, time.UTC)) || key.SecretKey != "" {
		t.Fatalf("read as %+v", key)
	}
}
