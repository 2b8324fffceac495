package adminapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// fakeServer answers admin calls with answer, recording each request as
// it arrived.
type fakeServer struct {
	mu       sync.Mutex
	requests []seen
	answer   func(w http.ResponseWriter, r *http.Request, try int)
}

type seen struct {
	method, path, rawQuery string
	header                 http.Header
	body                   []byte
}

func startFake(t *testing.T, answer func(w http.ResponseWriter, r *http.Request, try int)) (*fakeServer, *Client) {
	t.Helper()
	f := &fakeServer{answer: answer}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.requests = append(f.requests, seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body})
		try := len(f.requests)
		f.mu.Unlock()
		f.answer(w, r, try)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{
		Endpoint: strings.TrimPrefix(srv.URL, "http://"), AccessKey: "admin", SecretKey: "admin-password", UserAgent: "test/1",
		Retries: httpapi.Retries{MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	return f, c
}

func (f *fakeServer) seen() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.requests...)
}

// A call goes to MinIO's path with S3's query encoding, signed with
// Signature Version 4 over the body it carries, which is sealed where
// asked.
func TestCallIsSignedAndSealed(t *testing.T) {
	f, c := startFake(t, func(w http.ResponseWriter, _ *http.Request, _ int) { w.WriteHeader(http.StatusNoContent) })
	err := c.UpdateServiceAccount(context.Background(), "KEY WITH SPACE", UpdateServiceAccount{NewName: "app"})
	if err != nil {
		t.Fatal(err)
	}
	got := f.seen()
	if len(got) != 1 {
		t.Fatalf("%d requests, want 1", len(got))
	}
	r := got[0]
	if r.method != http.MethodPost || r.path != "/minio/admin/v3/update-service-account" || r.rawQuery != "accessKey=KEY%20WITH%20SPACE" {
		t.Fatalf("request %s %s?%s", r.method, r.path, r.rawQuery)
	}
	sum := sha256.Sum256(r.body)
	if r.header.Get("X-Amz-Content-Sha256") != hex.EncodeToString(sum[:]) {
		t.Fatal("the content hash is not the body's")
	}
	auth := r.header.Get("Authorization")
	if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=admin/") || !strings.Contains(auth, "SignedHeaders=") || r.header.Get("X-Amz-Date") == "" {
		t.Fatalf("not signed with Signature Version 4: %q", auth)
	}
	if strings.Contains(string(r.body), "app") {
		t.Fatal("the body was sent in the clear")
	}
	opened, err := Open("admin-password", r.body)
	if err != nil || string(opened) != `{"newName":"app"}` {
		t.Fatalf("the body opens to %q, %v", opened, err)
	}
	if r.header.Get("User-Agent") != "test/1" {
		t.Fatalf("user agent %q", r.header.Get("User-Agent"))
	}
}

// MinIO's errors keep their code; an answer from something in front of
// MinIO keeps its status and the start of its body.
func TestErrorsAreTyped(t *testing.T) {
	for name, tc := range map[string]struct {
		status      int
		contentType string
		body        []byte
		code        string
	}{
		"a missing account":     {http.StatusNotFound, "application/json", golden(t, "error-info-missing.json"), "XMinioInvalidIAMCredentials"},
		"a taken access key":    {http.StatusBadRequest, "application/json", golden(t, "error-add-duplicate.json"), "XMinioIAMServiceAccountNotAllowed"},
		"a wrong password":      {http.StatusForbidden, "application/json", golden(t, "error-wrong-password.json"), "SignatureDoesNotMatch"},
		"an export that failed": {http.StatusNotFound, "application/xml", golden(t, "error-export-vanished.xml"), "XMinioInvalidIAMCredentials"},
		"a proxy's refusal":     {http.StatusForbidden, "text/html", []byte("<html>forbidden</html>"), ""},
		"binary from elsewhere": {http.StatusTeapot, "application/octet-stream", []byte{0xff, 0xfe, 0x00}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			_, c := startFake(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("Content-Type", tc.contentType)
				w.WriteHeader(tc.status)
				_, _ = w.Write(tc.body)
			})
			_, err := c.InfoServiceAccount(context.Background(), "SOMEKEY")
			var answer *Error
			if !errors.As(err, &answer) || answer.Status != tc.status || answer.Code != tc.code {
				t.Fatalf("got %#v (%v), want status %d and code %q", answer, err, tc.status, tc.code)
			}
			if tc.code == "" && answer.Body == "" {
				t.Fatal("an answer without a MinIO error lost its body")
			}
		})
	}
}

// A dropped connection is tried again for a read, an update or a delete,
// never for a create, which may have been done: the caller settles it. A
// 503 is tried again for every call.
func TestRetriesRepeatOnlyWhatMayBeRepeated(t *testing.T) {
	drop := func(w http.ResponseWriter, _ *http.Request, try int) {
		if try == 1 {
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			_ = conn.Close()
			return
		}
		w.WriteHeader(http.StatusOK)
		sealed, _ := Seal("admin-password", []byte(`{"parentUser":"admin"}`))
		_, _ = w.Write(sealed)
	}
	f, c := startFake(t, drop)
	if _, err := c.InfoServiceAccount(context.Background(), "K"); err != nil {
		t.Fatalf("a read after a dropped connection: %v", err)
	}
	if n := len(f.seen()); n != 2 {
		t.Fatalf("the read was sent %d times, want 2", n)
	}

	f, c = startFake(t, drop)
	_, err := c.AddServiceAccount(context.Background(), AddServiceAccount{AccessKey: "K", SecretKey: "secret-key-1"})
	var transport *httpapi.TransportError
	if !errors.As(err, &transport) || !transport.Sent() {
		t.Fatalf("a create whose connection dropped: %v, want an unclear *httpapi.TransportError", err)
	}
	if n := len(f.seen()); n != 1 {
		t.Fatalf("the create was sent %d times, want 1", n)
	}

	f, c = startFake(t, func(w http.ResponseWriter, _ *http.Request, try int) {
		if try == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	if _, err := c.AddServiceAccount(context.Background(), AddServiceAccount{AccessKey: "K", SecretKey: "secret-key-1"}); err != nil {
		t.Fatalf("a create after a 503: %v", err)
	}
	got := f.seen()
	if len(got) != 2 || got[1].header.Get("Authorization") == "" {
		t.Fatalf("the create after a 503: %d requests, the second signed: %v", len(got), len(got) == 2 && got[1].header.Get("Authorization") != "")
	}
}

// A create with credentials the caller chose is not opened (the server
// only repeats them); one without is, and returns the server's choice.
func TestAddServiceAccountOpensOnlyWhenTheServerChose(t *testing.T) {
	_, c := startFake(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("not sealed"))
	})
	creds, err := c.AddServiceAccount(context.Background(), AddServiceAccount{AccessKey: "OURS", SecretKey: "our-secret-1"})
	if err != nil || creds.AccessKey != "OURS" || creds.SecretKey != "our-secret-1" {
		t.Fatalf("caller-chosen credentials: %v", err)
	}
	if _, err := c.AddServiceAccount(context.Background(), AddServiceAccount{Name: "app"}); !errors.Is(err, ErrNotSealed) {
		t.Fatalf("server-chosen credentials from an answer that is not sealed: %v", err)
	}
	_, c = startFake(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		sealed, _ := Seal("admin-password", []byte(`{"credentials":{"accessKey":"THEIRS","secretKey":"their-secret"}}`))
		_, _ = w.Write(sealed)
	})
	creds, err = c.AddServiceAccount(context.Background(), AddServiceAccount{Name: "app"})
	if err != nil || creds.AccessKey != "THEIRS" || creds.SecretKey != "their-secret" {
		t.Fatalf("server-chosen credentials: %v", err)
	}
}

// An answer larger than the call's bound is an error, not a truncation.
func TestAnswerLimit(t *testing.T) {
	_, c := startFake(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		_, _ = w.Write(make([]byte, 2048))
	})
	if _, err := c.ExportIAM(context.Background(), 1024); err == nil || !strings.Contains(err.Error(), "larger than 1024 bytes") {
		t.Fatalf("an export over its bound: %v", err)
	}
	if raw, err := c.ExportIAM(context.Background(), 4096); err != nil || len(raw) != 2048 {
		t.Fatalf("an export within its bound: %d bytes, %v", len(raw), err)
	}
}

// A success status other than the one wanted is an error whose body, the
// API's own answer and maybe secret, is not kept.
func TestUnexpectedSuccessKeepsNoBody(t *testing.T) {
	_, c := startFake(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.WriteHeader(http.StatusPartialContent)
		_, _ = w.Write([]byte(`{"secretKey":"a-secret-that-must-not-show"}`))
	})
	_, err := c.ExportIAM(context.Background(), 1024)
	var answer *Error
	if !errors.As(err, &answer) || answer.Status != http.StatusPartialContent || strings.Contains(err.Error(), "a-secret") {
		t.Fatalf("got %v", err)
	}
}
