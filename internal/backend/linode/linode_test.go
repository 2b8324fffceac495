package linode_test

import (
	"context"
	"maps"
	"net/http"
	"strconv"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

func newBackend(s *fake.Server) *linode.Backend { return newBackendAt(s.URL, s.Token, nil) }

func newBackendAt(url, token string, transport http.RoundTripper) *linode.Backend {
	return linode.New(linode.Config{
		URL: url, APIVersion: "v4", Token: token, UserAgent: "terraform-provider-objectstorage/test",
		Retries:   backendtest.QuickRetries,
		Transport: transport,
	})
}

func TestConformance(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backendtest.Harness {
		return backendtest.Driven{D: newBackend(fake.StartValidated(t)), GrantRegion: "nl-ams"}
	})
}

// Reads go through 429 answers, honouring Retry-After.
func TestReadsWaitOutRateLimits(t *testing.T) {
	s := fake.StartValidated(t)
	b := newBackend(s)
	ids := s.AddKeys("limited", 3)
	s.Inject(
		fake.Fault{Op: "GET key", Status: 429, RetryAfter: "0"},
		fake.Fault{Op: "GET keys", Status: 429, RetryAfter: "0"},
		fake.Fault{Op: "GET keys", Status: 503, RetryAfter: "0"},
	)
	for _, id := range ids {
		if _, err := b.GetKey(context.Background(), strconv.Itoa(id)); err != nil {
			t.Fatal(err)
		}
	}
}

// The secret comes only from the create answer; reads never keep
// "[REDACTED]".
func TestRedactedSecretIsNeverKept(t *testing.T) {
	s := fake.StartValidated(t)
	b := newBackend(s)
	created, err := b.CreateKey(context.Background(), backend.KeySpec{Name: "secretive"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := b.GetKey(context.Background(), created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.SecretKey != "" {
		t.Fatalf("a read returned a secret: %q", got.SecretKey)
	}
	keys, _ := b.ListKeys(context.Background())
	for _, k := range keys {
		if k.SecretKey != "" {
			t.Fatalf("a list returned a secret")
		}
	}
}

// refreshRequests reads n keys the way Terraform refreshes them (10 at a
// time, each read separately) with a fresh backend, and counts requests.
func refreshRequests(t testing.TB, accountKeys, managed int) int {
	s := fake.StartValidated(t)
	ids := s.AddKeys("bench", accountKeys)[:managed]
	s.ResetRequests()
	backendtest.ReadLikeTerraform(t, newBackend(s), keyIDs(ids))
	return s.TotalRequests()
}

// keyIDs are Linode's numeric key ids as the driver takes them.
func keyIDs(ids []int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.Itoa(id)
	}
	return out
}

// A refresh of N keys costs about ceil(N/500) list requests, and one key
// costs one GET.
func TestRefreshRequestCounts(t *testing.T) {
	backendtest.CheckRefreshRequests(t, []backendtest.RefreshBound{
		{1, 1, 1},
		{60, 60, 2},      // 1 GET, then 1 list page
		{1000, 1000, 3},  // 1 GET, then 2 list pages
		{5000, 3, 3 + 1}, // far more keys than managed: GETs, one list page tried
		// 1 GET and 10 list pages when nine reads wait on page 1; when they
		// arrive slower, reads 2 to 8 go singly too: at most 18.
		{5000, 5000, 18},
	}, refreshRequests)
}

// BenchmarkRefresh reports the requests a refresh of N keys makes.
func BenchmarkRefresh(b *testing.B) {
	for _, n := range []int{1, 60, 1000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var requests int
			for range b.N {
				requests = refreshRequests(b, n, n)
			}
			b.ReportMetric(float64(requests), "requests/refresh")
		})
	}
}

// A token Linode refuses fails a create with an error that names the
// setting to fix, says the operation once and shows no token.
func TestRefusedTokenIsNamed(t *testing.T) {
	s := fake.StartValidated(t)
	text := backendtest.RefusedCredential(t, newBackendAt(s.URL, "not-the-token-4711", nil), backend.KeySpec{Name: "refused"},
		"not-the-token-4711", "linode.token")
	t.Log(text)
}

// A key removed by someone else while the list's pages are fetched shifts
// the later keys back a place; the key that crosses into an earlier page
// is read singly instead of looking revoked.
func TestKeySkippedByShiftingPagesIsStillRead(t *testing.T) {
	s := fake.StartValidated(t)
	numeric := s.AddKeys("shift", 600)
	first, ids := numeric[0], keyIDs(numeric)
	s.ResetRequests()
	b := newBackend(s)
	// Page 1 is answered as it is; page 2 after the first key is removed,
	// which moves key 500 onto page 1, held without it.
	s.Inject(fake.Fault{Op: "GET keys"}, fake.Fault{Op: "GET keys", During: func() { s.Revoke(first) }})
	for _, id := range ids[:3] { // read 1 singly; read 2 loads both pages
		if _, err := b.GetKey(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	k, err := b.GetKey(context.Background(), ids[500])
	if err != nil || k.Name != "shift-500" {
		t.Fatalf("the key skipped by the shift: %q, %v", k.Name, err)
	}
	want := map[string]int{"GET key": 2, "GET keys": 2}
	if got := s.Requests(); !maps.Equal(got, want) {
		t.Fatalf("requests %v, want %v: one single read for the key the list lacks", got, want)
	}
}

// namedKeys is the fake as the pending-name suite drives it: ids as the
// driver names them, labels as names.
type namedKeys struct{ *fake.Server }

func (f namedKeys) Names() []string { return f.Labels() }

func (f namedKeys) AddKeys(prefix string, n int) []string { return keyIDs(f.Server.AddKeys(prefix, n)) }

func (f namedKeys) Revoke(id string) { f.Server.Revoke(mustAtoi(id)) }

func (f namedKeys) Rename(id, name string) { f.Relabel(mustAtoi(id), name) }

func mustAtoi(id string) int {
	n, err := strconv.Atoi(id)
	if err != nil {
		panic(err)
	}
	return n
}

// Creates under a pending label, settled by it, then labelled; drift seen
// (backendtest.RunPendingCreates).
func TestPendingCreates(t *testing.T) {
	backendtest.RunPendingCreates(t, func(t *testing.T) backendtest.PendingCreates {
		s := fake.StartValidated(t)
		return backendtest.PendingCreates{
			Fake: namedKeys{s}, Driver: func() backend.Driver { return newBackend(s) },
			Spec:     func(name string) backend.KeySpec { return backend.KeySpec{Name: name} },
			CreateOp: "POST keys", RenameOp: "PUT key", DeleteOp: "DELETE key",
		}
	})
}
