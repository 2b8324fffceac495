package linode_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/backendtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
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

// A create whose key was made but whose answer was a 500 leaves no orphan:
// the key it made (under its pending label) is revoked and the create is
// tried once more.
func TestAmbiguousCreateLeavesNoOrphan(t *testing.T) {
	s := fake.StartValidated(t)
	b := newBackend(s)
	s.Inject(fake.Fault{Op: "POST keys", Status: 500, DoWork: true})
	key, err := b.CreateKey(context.Background(), backend.KeySpec{Name: "ambiguous"})
	if err != nil {
		t.Fatal(err)
	}
	if key.SecretKey == "" || key.Name != "ambiguous" {
		t.Fatalf("want the second try's key with its secret and label, got name %q", key.Name)
	}
	if labels := s.Labels(); !slices.Equal(labels, []string{"ambiguous"}) {
		t.Fatalf("keys left on the service: %v, want only the one returned", labels)
	}
	if got := s.Requests(); got["POST keys"] != 2 || got["DELETE key"] != 1 || got["PUT key"] != 1 {
		t.Fatalf("requests %v: want 2 POSTs, the orphan's DELETE and one PUT of the label", got)
	}
}

// When every try fails ambiguously, the create fails, says how many keys
// its tries made and removed, and leaves nothing of its own; a key with
// the same label that was there before is left alone.
func TestAmbiguousCreateFailingTwiceLeavesNothing(t *testing.T) {
	s := fake.StartValidated(t)
	b := newBackend(s)
	s.Inject(
		fake.Fault{Op: "POST keys", Status: 500, DoWork: true},
		fake.Fault{Op: "POST keys", Status: 502, DoWork: true},
	)
	s.AddKeys("ambiguous", 1) // a key with the same label made earlier, by someone else
	_, err := b.CreateKey(context.Background(), backend.KeySpec{Name: "ambiguous-0"})
	var uncertain *backend.UncertainCreateError
	if !errors.As(err, &uncertain) || uncertain.Key != nil {
		t.Fatalf("want an uncertain-create error with no key to keep, got %v", err)
	}
	if !strings.Contains(err.Error(), "the 2 key(s) they made") {
		t.Fatalf("the error does not count both tries' removed keys: %v", err)
	}
	if labels := s.Labels(); !slices.Equal(labels, []string{"ambiguous-0"}) {
		t.Fatalf("keys left: %v, want only the one that was there before", labels)
	}
}

// A key with the create's label made by someone else after this process
// listed the account, while the create's answer was lost, is never
// revoked: only the create's own pending label marks a key as its own.
func TestAmbiguousCreateNeverRevokesAColleaguesKey(t *testing.T) {
	s := fake.StartValidated(t)
	b := newBackend(s)
	if _, err := b.ListKeys(context.Background()); err != nil { // the process's list, loaded early
		t.Fatal(err)
	}
	colleague := s.AddKeys("app", 1)[0] // labelled app-0, made after the list was loaded
	s.Inject(fake.Fault{Op: "POST keys", Status: 500})
	key, err := b.CreateKey(context.Background(), backend.KeySpec{Name: "app-0"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.LabelOf(colleague); !ok {
		t.Fatal("the colleague's key with the same label was revoked")
	}
	if got := s.Requests()["DELETE key"]; got != 0 {
		t.Fatalf("%d DELETEs after a create that made nothing", got)
	}
	if labels := s.Labels(); !slices.Equal(labels, []string{"app-0", "app-0"}) || key.Name != "app-0" {
		t.Fatalf("keys %v, want the colleague's and ours", labels)
	}
}

// A key made whose label could not be set afterwards is returned whole,
// secret included, for the provider to keep in state: it exists and must
// not be lost.
func TestFailedLabelKeepsTheKey(t *testing.T) {
	s := fake.StartValidated(t)
	b := newBackend(s)
	s.Inject(fake.Fault{Op: "PUT key", Status: 400})
	_, err := b.CreateKey(context.Background(), backend.KeySpec{Name: "relabel-me"})
	var uncertain *backend.UncertainCreateError
	if !errors.As(err, &uncertain) || uncertain.Key == nil {
		t.Fatalf("want an uncertain-create error carrying the key, got %v", err)
	}
	if uncertain.Key.SecretKey == "" || !strings.HasPrefix(uncertain.Key.Name, "objectstorage-creating-") {
		t.Fatalf("the key kept must carry its secret and its pending label, got name %q", uncertain.Key.Name)
	}
	if strings.Contains(err.Error(), uncertain.Key.SecretKey) {
		t.Fatal("the error message carries the secret")
	}
	id, _ := strconv.Atoi(uncertain.Key.ID)
	if label, ok := s.LabelOf(id); !ok || label != uncertain.Key.Name {
		t.Fatalf("key %d on the service: %q %v", id, label, ok)
	}
}

// A clear refusal (4xx) of a create is never sent again.
func TestCreateRefusalIsNotRetried(t *testing.T) {
	s := fake.StartValidated(t)
	b := newBackend(s)
	s.Inject(fake.Fault{Op: "POST keys", Status: 400})
	_, err := b.CreateKey(context.Background(), backend.KeySpec{Name: "refused"})
	if err == nil {
		t.Fatal("want the refusal")
	}
	if n := s.Requests()["POST keys"]; n != 1 {
		t.Fatalf("%d POSTs for one refused create", n)
	}
	if labels := s.Labels(); len(labels) != 0 {
		t.Fatalf("keys after a refused create: %v", labels)
	}
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
	cases := []struct{ account, managed, maxRequests int }{
		{1, 1, 1},
		{60, 60, 2},      // 1 GET, then 1 list page
		{1000, 1000, 3},  // 1 GET, then 2 list pages
		{5000, 3, 3 + 1}, // far more keys than managed: GETs, one list page tried
		// 1 GET and 10 list pages when nine reads wait on page 1; when they
		// arrive slower, reads 2 to 8 go singly too: at most 18.
		{5000, 5000, 18},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%d of %d", tc.managed, tc.account), func(t *testing.T) {
			got := refreshRequests(t, tc.account, tc.managed)
			t.Logf("refresh of %d keys in an account of %d: %d requests", tc.managed, tc.account, got)
			if got > tc.maxRequests {
				t.Fatalf("%d requests, want at most %d", got, tc.maxRequests)
			}
		})
	}
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

// Drift: a key revoked or relabelled behind the backend's back is seen.
func TestReadsSeeOutOfBandChanges(t *testing.T) {
	s := fake.StartValidated(t)
	ids := s.AddKeys("drift", 3)
	s.Revoke(ids[1])
	s.Relabel(ids[2], "relabelled")
	b := newBackend(s)
	for i, id := range ids {
		k, err := b.GetKey(context.Background(), strconv.Itoa(id))
		switch i {
		case 0:
			if err != nil || k.Name != "drift-0" {
				t.Fatalf("key 0: %v %v", k, err)
			}
		case 1:
			if !backend.IsNotFound(err) {
				t.Fatalf("revoked key: want not found, got %v", err)
			}
		case 2:
			if err != nil || k.Name != "relabelled" {
				t.Fatalf("relabelled key: %v %v", k.Name, err)
			}
		}
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
