package b2_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

func logsReader(name string) backend.KeySpec {
	return backend.KeySpec{Name: name, Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}}
}

// A create whose answer is lost after B2 made the key: the key new since
// the create began, with its name, capabilities and buckets, is revoked
// (its secret is lost) and the create tried once more. A colleague's key
// of the same name made earlier is left alone. One key, in state.
func TestLostCreateIsRecognisedAndRevoked(t *testing.T) {
	b, s := newBackend(t)
	colleagues := s.AddKey("app-reader", []string{"listFiles", "readFiles"}, nil)
	s.Inject(fake.Fault{Op: "b2_create_key", Status: http.StatusInternalServerError, DoWork: true})
	k, err := backend.Open(b).CreateKey(context.Background(), logsReader("app-reader"))
	if err != nil {
		t.Fatal(err)
	}
	keys := s.Keys()
	if len(keys) != 2 || keys[k.ID] != "app-reader" || keys[colleagues] != "app-reader" {
		t.Fatalf("keys on B2: %v, want the colleague's %s and the one made, %s", keys, colleagues, k.ID)
	}
	if got := s.Requests()["b2_create_key"]; got != 2 {
		t.Errorf("b2_create_key sent %d times, want 2", got)
	}
}

// Two keys new since the create began that both bear its name and grants
// (a colleague made the same key at the same moment): neither is revoked,
// and the error names both.
func TestAmbiguousLostCreateLeavesBothKeys(t *testing.T) {
	b, s := newBackend(t)
	logs := s.BucketID("logs")
	s.Inject(fake.Fault{Op: "b2_create_key", Status: http.StatusInternalServerError, DoWork: true, During: func() {
		s.AddKey("app-reader", []string{"listAllBucketNames", "listBuckets", "listFiles", "readBucketEncryption", "readBucketNotifications",
			"readBucketRetentions", "readBuckets", "readFileLegalHolds", "readFileRetentions", "readFiles"}, []string{logs})
	}})
	_, err := backend.Open(b).CreateKey(context.Background(), logsReader("app-reader"))
	if err == nil || !strings.Contains(err.Error(), "2 new keys") {
		t.Fatalf("create: %v, want an error naming the two keys", err)
	}
	if keys := s.Keys(); len(keys) != 2 {
		t.Errorf("keys on B2: %v, want both left in place", keys)
	}
}

// An expired authorization is renewed once, and the call goes through.
func TestExpiredAuthorizationIsRenewedOnce(t *testing.T) {
	b, s := newBackend(t)
	ctx := context.Background()
	k, err := backend.Open(b).CreateKey(ctx, logsReader("renewed"))
	if err != nil {
		t.Fatal(err)
	}
	s.ExpireTokens()
	s.ResetRequests()
	if _, err := b.GetKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if got := s.Requests()["b2_authorize_account"]; got != 1 {
		t.Errorf("authorized %d times after the token expired, want 1: %v", got, s.Requests())
	}
}

// 429 and 503 with Retry-After are waited out.
func TestRateLimitsAreWaitedOut(t *testing.T) {
	b, s := newBackend(t)
	s.Inject(fake.Fault{Op: "b2_list_keys", Status: http.StatusTooManyRequests, RetryAfter: "1"},
		fake.Fault{Op: "b2_create_key", Status: http.StatusServiceUnavailable, RetryAfter: "1"})
	if _, err := backend.Open(b).CreateKey(context.Background(), logsReader("patient")); err != nil {
		t.Fatal(err)
	}
	if pending := s.Pending(); len(pending) != 0 {
		t.Errorf("faults never served: %v", pending)
	}
	if keys := s.Keys(); len(keys) != 1 {
		t.Errorf("keys on B2: %v, want one", keys)
	}
}

// Grants that mix permissions are refused before any request, naming the
// buckets; so is a key that names no bucket.
func TestRefusedShapes(t *testing.T) {
	b, s := newBackend(t)
	keys := backend.Open(b)
	mixed := backend.KeySpec{Name: "mixed", Limited: true, Grants: []backend.Grant{
		{Bucket: "logs", Permission: backend.ReadOnly}, {Bucket: "data", Permission: backend.ReadWrite}}}
	if errs := keys.Validate(mixed); len(errs) != 1 || !strings.Contains(errs[0].Detail, `read_only on "logs"; read_write on "data"`) {
		t.Errorf("mixed grants: %v", errs)
	}
	if errs := keys.Validate(backend.KeySpec{Name: "none", Limited: true}); len(errs) != 1 || !strings.Contains(errs[0].Detail, "reaches no bucket") {
		t.Errorf("no bucket: %v", errs)
	}
	if got := s.TotalRequests(); got != 0 {
		t.Errorf("validation sent %d requests", got)
	}
}

// A refresh reads one key with one list request from its id, and many with
// the account's list, 10,000 keys a page; asserted for 1 and 1,000 keys.
func TestRefreshRequests(t *testing.T) {
	for _, n := range []int{1, 1000} {
		t.Run(fmt.Sprintf("%d keys", n), func(t *testing.T) {
			_, s := newBackend(t)
			ids := make([]string, n)
			for i := range n {
				ids[i] = s.AddKey(fmt.Sprintf("k-%d", i), []string{"listFiles", "readFiles"}, nil)
			}
			b := b2.New(b2.Config{URL: s.URL, KeyID: s.KeyID, ApplicationKey: s.Key})
			backendtest.ReadLikeTerraform(t, b, ids)
			calls := s.Requests()
			// The authorization, the bucket list, then one read and the
			// account's list (or the one read alone).
			want := map[string]int{"b2_authorize_account": 1, "b2_list_buckets": 1, "b2_list_keys": min(n, 2)}
			for call, count := range want {
				if calls[call] != count {
					t.Errorf("%s sent %d times, want %d: %v", call, calls[call], count, calls)
				}
			}
		})
	}
}

// A wrong application key names the settings to check, says the
// operation once and never shows the key.
func TestRefusedCredential(t *testing.T) {
	_, s := newBackend(t)
	b := b2.New(b2.Config{URL: s.URL, KeyID: s.KeyID, ApplicationKey: "not-the-key", Retries: backendtest.QuickRetries})
	backendtest.RefusedCredential(t, b, logsReader("refused"), "not-the-key", "b2.application_key", "unauthorized")
}
