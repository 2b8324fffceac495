package adminapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// goldenPassword is the test server's admin password the answers in
// testdata/answers were sealed with (see its README).
const goldenPassword = "objectstorage-admin-password"

func golden(t testing.TB, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "answers", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// Every answer format MinIO seals with opens to what MinIO's own client
// read from it. (Under the race detector an argon2id derivation takes
// about ten seconds: one answer per format.)
func TestOpenEveryAnswerFormat(t *testing.T) {
	want := golden(t, "info-service-account.json")
	for _, tc := range []struct {
		sealed    string
		algorithm byte
	}{
		{"info-service-account.argon2id-aes-gcm", argon2idAESGCM},
		{"info-service-account.argon2id-chacha20-poly1305", argon2idChaCha20Poly1305},
		{"info-service-account.pbkdf2-aes-gcm", pbkdf2AESGCM},
	} {
		t.Run(tc.sealed, func(t *testing.T) {
			sealed := golden(t, tc.sealed)
			if sealed[saltSize] != tc.algorithm {
				t.Fatalf("the golden answer's format byte is %#x, want %#x", sealed[saltSize], tc.algorithm)
			}
			opened, err := Open(goldenPassword, sealed)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(opened, want) {
				t.Fatalf("opened to\n%s\nwant\n%s", opened, want)
			}
		})
	}
	if _, err := Open("another-password", golden(t, "info-service-account.pbkdf2-aes-gcm")); !errors.Is(err, ErrNotSealed) {
		t.Fatalf("another password: %v, want ErrNotSealed", err)
	}
}

// The typed reads decode the pinned server's answers field by field.
func TestGoldenAnswersDecode(t *testing.T) {
	var info ServiceAccount
	if err := json.Unmarshal(golden(t, "info-service-account.json"), &info); err != nil {
		t.Fatal(err)
	}
	expiry := time.Date(2027, 6, 1, 12, 0, 0, 0, time.UTC)
	if info.ParentUser != "objectstorage-admin" || info.AccountStatus != "on" || info.ImpliedPolicy || info.Name != "golden" ||
		info.Description != "a golden answer" || info.Expiration == nil || !info.Expiration.Equal(expiry) ||
		!bytes.Contains([]byte(info.Policy), []byte(`"arn:aws:s3:::golden/*"`)) {
		t.Fatalf("info decoded as %+v", info)
	}
	var list listAnswer
	if err := json.Unmarshal(golden(t, "list-service-accounts.json"), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Accounts) != 1 || list.Accounts[0].AccessKey != "GOLDENKEY00000000001" || list.Accounts[0].Name != "golden" || list.Accounts[0].ImpliedPolicy {
		t.Fatalf("list decoded as %+v", list.Accounts)
	}
	var created addAnswer
	if err := json.Unmarshal(golden(t, "add-service-account.json"), &created); err != nil {
		t.Fatal(err)
	}
	if created.Credentials.AccessKey != "GOLDENKEY00000000001" || !strings.HasPrefix(created.Credentials.SecretKey, "golden-secret-") {
		t.Fatalf("add decoded with access key %q", created.Credentials.AccessKey)
	}
}

// What Seal writes opens with the password and no other, in the PBKDF2
// format; every seal draws its own salt and nonce.
func TestSealRoundTrip(t *testing.T) {
	plaintext := []byte(`{"accessKey":"AKIAEXAMPLE","name":"app"}`)
	sealed, err := Seal("admin-password", plaintext)
	if err != nil {
		t.Fatal(err)
	}
	if sealed[saltSize] != pbkdf2AESGCM {
		t.Fatalf("format byte %#x, want PBKDF2 (%#x)", sealed[saltSize], pbkdf2AESGCM)
	}
	opened, err := Open("admin-password", sealed)
	if err != nil || !bytes.Equal(opened, plaintext) {
		t.Fatalf("open with the password: %q, %v", opened, err)
	}
	if _, err := Open("another-password", sealed); !errors.Is(err, ErrNotSealed) {
		t.Fatalf("another password: %v", err)
	}
	again, err := Seal("admin-password", plaintext)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(again[:headerSize], sealed[:headerSize]) {
		t.Fatal("two seals share a salt and nonce")
	}
}

// Bytes that are not a sealed answer give ErrNotSealed, never a panic.
func TestOpenRefusesWhatIsNotSealed(t *testing.T) {
	sealed := golden(t, "info-service-account.pbkdf2-aes-gcm")
	flipped := bytes.Clone(sealed)
	flipped[len(flipped)-1] ^= 1
	unknown := bytes.Clone(sealed)
	unknown[saltSize] = 0x7f
	for name, data := range map[string][]byte{
		"empty": nil, "shorter than a header": sealed[:headerSize-1], "a header alone": sealed[:headerSize],
		"a changed byte": flipped, "an unknown format": unknown, "JSON": []byte(`{"Code":"AccessDenied","Message":"Access Denied."}`),
	} {
		if _, err := Open(goldenPassword, data); !errors.Is(err, ErrNotSealed) {
			t.Errorf("%s: %v, want ErrNotSealed", name, err)
		}
	}
}
