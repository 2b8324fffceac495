package adminapi

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/fuzzstat"
)

// FuzzOpen opens sealed answers the fuzzer changed (the seeds are the
// pinned server's, one per format): no panic, and a change anywhere is
// refused as not sealed with the password rather than opened to other
// bytes.
func FuzzOpen(f *testing.F) {
	want := golden(f, "info-service-account.json")
	for _, name := range []string{"info-service-account.pbkdf2-aes-gcm", "info-service-account.argon2id-aes-gcm", "info-service-account.argon2id-chacha20-poly1305"} {
		f.Add(golden(f, name))
	}
	f.Fuzz(func(t *testing.T, sealed []byte) {
		fuzzstat.Count()
		opened, err := Open(goldenPassword, sealed)
		if err != nil {
			if !errors.Is(err, ErrNotSealed) {
				t.Fatalf("a changed answer fails with an untyped error: %v", err)
			}
			return
		}
		if !bytes.Equal(opened, want) {
			t.Fatalf("a changed answer opened to other bytes: %q", opened)
		}
	})
}

// FuzzErrorOf reads answers with a status other than the one wanted: no
// panic; a success's body (which may hold secrets) never shows in the
// error, and the error is valid UTF-8.
func FuzzErrorOf(f *testing.F) {
	for _, name := range []string{"error-add-duplicate.json", "error-info-missing.json", "error-wrong-password.json"} {
		f.Add(400, golden(f, name))
	}
	f.Add(404, golden(f, "error-export-vanished.xml"))
	f.Add(200, []byte(`{"accessKey":"AK","secretKey":"s3cr3t-s3cr3t-s3cr3t"}`))
	f.Add(502, []byte("<html>Bad Gateway</html>"))
	f.Fuzz(func(t *testing.T, status int, answer []byte) {
		fuzzstat.Count()
		msg := errorOf(status, answer).Error()
		if !utf8.ValidString(msg) {
			t.Fatalf("the error is not UTF-8: %q", msg)
		}
		if status < 300 && len(answer) >= 8 && strings.Contains(msg, string(answer)) {
			t.Fatalf("the error shows a success's body: %s", msg)
		}
	})
}
