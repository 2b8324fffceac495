package digitalocean_test

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/create"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

func newBackend(s *fake.Server) *digitalocean.Backend { return newBackendAt(s.URL, s.Token, nil) }

func newBackendAt(url, token string, transport http.RoundTripper) *digitalocean.Backend {
	return digitalocean.New(digitalocean.Config{
		URL: url, Token: token, UserAgent: "terraform-provider-objectstorage/test",
		Retries:   backendtest.QuickRetries,
		Transport: transport,
	})
}

func TestConformance(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backendtest.Harness {
		return backendtest.Driven{D: newBackend(fake.StartValidated(t))}
	})
}

// The conformance suite against the real API, when DIGITALOCEAN_TOKEN is
// set. Grants name the buckets conf-a, conf-b and conf-c, which the
// account may need to hold: the API's contract does not say whether a
// grant on a bucket that does not exist is refused.
func TestConformanceRealAPI(t *testing.T) {
	token := os.Getenv("DIGITALOCEAN_TOKEN")
	if token == "" {
		t.Skip("set DIGITALOCEAN_TOKEN (and optionally DIGITALOCEAN_API_URL) to run against the real DigitalOcean API")
	}
	url := os.Getenv("DIGITALOCEAN_API_URL")
	if url == "" {
		url = "https://api.digitalocean.com"
	}
	backendtest.Run(t, func(*testing.T) backendtest.Harness {
		return backendtest.Driven{D: digitalocean.New(digitalocean.Config{URL: url, Token: token, UserAgent: "terraform-provider-objectstorage/test"})}
	})
}

// The grants a create sends and how a key reads back: read_only is read,
// read_write readwrite, an unrestricted key the one full-access grant,
// and a limited key without grants "grants": [].
func TestGrantMapping(t *testing.T) {
	s := fake.StartValidated(t)
	b := newBackend(s)
	ctx := context.Background()
	cases := []struct {
		spec backend.KeySpec
		want []fake.Grant
	}{
		{backend.KeySpec{Name: "limited", Limited: true, Grants: []backend.Grant{
			{Bucket: "logs", Permission: backend.ReadOnly}, {Bucket: "media", Permission: backend.ReadWrite},
		}}, []fake.Grant{{Bucket: "logs", Permission: "read"}, {Bucket: "media", Permission: "readwrite"}}},
		{backend.KeySpec{Name: "unrestricted"}, []fake.Grant{{Bucket: "", Permission: "fullaccess"}}},
		{backend.KeySpec{Name: "nothing", Limited: true}, []fake.Grant{}},
	}
	for _, tc := range cases {
		k, err := b.CreateKey(ctx, tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GrantsOf(k.AccessKey); !slices.Equal(got, tc.want) {
			t.Errorf("%s: the service holds %v, want %v", tc.spec.Name, got, tc.want)
		}
		read, err := b.GetKey(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		if read.Limited != tc.spec.Limited || !slices.Equal(read.Grants, tc.spec.Grants) || read.CreatedAt.IsZero() {
			t.Errorf("%s: read back limited=%v grants %v created %v", tc.spec.Name, read.Limited, read.Grants, read.CreatedAt)
		}
	}
}

// Grants this provider does not write read back as custom grants, never an
// error: full access on one bucket, and a permission it does not know.
func TestForeignGrantsReadAsCustom(t *testing.T) {
	s := fake.StartValidated(t)
	b := newBackend(s)
	accessKey, _ := s.AddKey("console", fake.Grant{Bucket: "logs", Permission: "fullaccess"}, fake.Grant{Bucket: "media", Permission: "read"})
	k, err := b.GetKey(context.Background(), accessKey)
	if err != nil {
		t.Fatal(err)
	}
	want := []backend.Grant{{Bucket: "logs", Permission: backend.Custom}, {Bucket: "media", Permission: backend.ReadOnly}}
	if !k.Limited || !slices.Equal(k.Grants, want) {
		t.Fatalf("read limited=%v grants %v, want %v", k.Limited, k.Grants, want)
	}
}

// A create whose key was made but whose answer was a 500 leaves no orphan:
// the key it made (under its pending name) is revoked and the create is
// tried once more. Settling it asks the list for the pending name alone.
func TestAmbiguousCreateLeavesNoOrphan(t *testing.T) {
	s := fake.StartValidated(t)
	b := newBackend(s)
	s.AddKeys("someone-else", 450) // three pages of other keys, never read
	s.ResetRequests()
	s.Inject(fake.Fault{Op: "POST keys", Status: 500, DoWork: true})
	key, err := b.CreateKey(context.Background(), backend.KeySpec{Name: "ambiguous"})
	if err != nil {
		t.Fatal(err)
	}
	if key.SecretKey == "" || key.Name != "ambiguous" {
		t.Fatalf("want the second try's key with its secret and name, got name %q", key.Name)
	}
	if names := s.Names(); len(names) != 451 || !slices.Contains(names, "ambiguous") || slices.ContainsFunc(names, isPending) {
		t.Fatalf("%d keys left on the service, want the 450 others and the one returned", len(names))
	}
	want := map[string]int{"POST keys": 2, "GET keys": 1, "DELETE key": 1, "PUT key": 1}
	if got := s.Requests(); !maps.Equal(got, want) {
		t.Fatalf("requests %v, want %v: one filtered list page settles the lost answer", got, want)
	}
}

// A spent hourly quota is waited out until its reset, for a create too
// (429 means the service did not act).
func TestRateLimitIsWaitedOut(t *testing.T) {
	s := fake.StartValidated(t)
	b := newBackend(s)
	reset := time.Now().Add(1200 * time.Millisecond)
	s.SetRateLimit(0, reset)
	k, err := b.CreateKey(context.Background(), backend.KeySpec{Name: "patient"})
	if err != nil {
		t.Fatal(err)
	}
	if time.Now().Before(reset.Truncate(time.Second)) || k.SecretKey == "" {
		t.Fatal("the create went through before the limit reset")
	}
	if names := s.Names(); !slices.Equal(names, []string{"patient"}) {
		t.Fatalf("keys %v, want the one", names)
	}
}

// A burst of requests is answered 429 with Retry-After, while
// ratelimit-reset names the hour's oldest request: the create comes back
// after the Retry-After and is not failed for the far reset.
func TestBurstLimitIsRetriedAfterRetryAfter(t *testing.T) {
	s := fake.StartValidated(t)
	b := newBackend(s)
	s.Inject(fake.Fault{Op: "POST keys", Status: 429, RetryAfter: "1"})
	if _, err := b.CreateKey(context.Background(), backend.KeySpec{Name: "bursty"}); err != nil {
		t.Fatal(err)
	}
	if got := s.Requests()["POST keys"]; got != 2 || len(s.Names()) != 1 {
		t.Fatalf("%d POSTs and keys %v, want 2 and one key", got, s.Names())
	}
}

// A spent hourly quota (429 without Retry-After) whose reset lies after the
// operation's deadline fails at once, with an error that says until when.
func TestRateLimitBeyondDeadlineFailsClearly(t *testing.T) {
	s := fake.StartValidated(t)
	b := newBackend(s)
	s.SetRateLimit(0, time.Now().Add(time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	_, err := b.GetKey(ctx, "DO00ABCDEFGHIJKLMNOP")
	if err == nil || !strings.Contains(err.Error(), "rate limit for this token is spent until") {
		t.Fatalf("want the rate-limit error, got %v", err)
	}
	if n := s.TotalRequests(); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
}

// A 404 that is not DigitalOcean's (no error object) never reads as a key
// gone.
func TestForeignNotFoundIsNotAKeyGone(t *testing.T) {
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":"no such route"}`))
	}))
	t.Cleanup(elsewhere.Close)
	b := digitalocean.New(digitalocean.Config{URL: elsewhere.URL, Token: "t"})
	_, err := b.GetKey(context.Background(), "DO00ABCDEFGHIJKLMNOP")
	if err == nil || backend.IsNotFound(err) || !strings.Contains(err.Error(), "not one of DigitalOcean's") {
		t.Fatalf("want an error that is not not-found, got %v", err)
	}
}

// refreshRequests reads n keys the way Terraform refreshes them (10 at a
// time, each read separately) with a fresh backend, and counts requests.
func refreshRequests(t testing.TB, accountKeys, managed int) int {
	s := fake.StartValidated(t)
	ids := s.AddKeys("bench", accountKeys)[:managed]
	s.ResetRequests()
	backendtest.ReadLikeTerraform(t, newBackend(s), ids)
	return s.TotalRequests()
}

// A refresh of one key is one GET; of 1,000 keys, one GET, the list's 5
// pages and at most the 4 single reads that pay for them.
func TestRefreshRequestCounts(t *testing.T) {
	backendtest.CheckRefreshRequests(t, []backendtest.RefreshBound{
		{1, 1, 1},
		{150, 150, 2},    // 1 GET, then the one list page
		{1000, 1000, 10}, // 1 GET, reads 2 to 5 singly at most, then 5 pages
		{1000, 3, 3 + 1}, // far more keys than managed: GETs, page 1 tried once
	}, refreshRequests)
}

// A key removed by someone else while the list's pages are fetched shifts
// the later keys back a place; the key that crosses into an earlier page
// is read singly instead of looking revoked.
func TestKeySkippedByShiftingPagesIsStillRead(t *testing.T) {
	s := fake.StartValidated(t)
	ids := s.AddKeys("shift", 400)
	s.ResetRequests()
	b := newBackend(s)
	// Page 1 is answered as it is; page 2 after the first key is removed,
	// which moves key 200 onto page 1, held without it.
	s.Inject(fake.Fault{Op: "GET keys"}, fake.Fault{Op: "GET keys", During: func() { s.Revoke(ids[0]) }})
	for _, id := range ids[:3] { // read 1 singly; read 2 loads both pages
		if _, err := b.GetKey(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	k, err := b.GetKey(context.Background(), ids[200])
	if err != nil || k.Name != "shift-200" {
		t.Fatalf("the key skipped by the shift: %q, %v", k.Name, err)
	}
	want := map[string]int{"GET key": 2, "GET keys": 2}
	if got := s.Requests(); !maps.Equal(got, want) {
		t.Fatalf("requests %v, want %v: one single read for the key the list lacks", got, want)
	}
}

func isPending(name string) bool { return strings.HasPrefix(name, create.PendingPrefix) }

// A GET answered 200 without the key object (the shape the published
// schema of that answer describes) is an error, not a key gone.
func TestReadWithoutKeyObjectIsNotAKeyGone(t *testing.T) {
	odd := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"keys":[]}`))
	}))
	t.Cleanup(odd.Close)
	_, err := digitalocean.New(digitalocean.Config{URL: odd.URL, Token: "t"}).GetKey(context.Background(), "DO00ABCDEFGHIJKLMNOP")
	if err == nil || backend.IsNotFound(err) || !strings.Contains(err.Error(), "holds no key object") {
		t.Fatalf("want an error that is not not-found, got %v", err)
	}
}

// A token DigitalOcean refuses fails a create with an error that names
// the setting to fix, says the operation once and shows no token.
func TestRefusedTokenIsNamed(t *testing.T) {
	s := fake.StartValidated(t)
	text := backendtest.RefusedCredential(t, newBackendAt(s.URL, "not-the-token-4711", nil), backend.KeySpec{Name: "refused"},
		"not-the-token-4711", "DigitalOcean refused the token", "digitalocean.token")
	t.Log(text)
}

// Creates under a pending name, settled by it, then named; drift seen
// (backendtest.RunPendingCreates).
func TestPendingCreates(t *testing.T) {
	backendtest.RunPendingCreates(t, func(t *testing.T) backendtest.PendingCreates {
		s := fake.StartValidated(t)
		return backendtest.PendingCreates{
			Fake: s, Driver: func() backend.Driver { return newBackend(s) },
			Spec:     func(name string) backend.KeySpec { return backend.KeySpec{Name: name} },
			CreateOp: "POST keys", RenameOp: "PUT key", DeleteOp: "DELETE key",
		}
	})
}
