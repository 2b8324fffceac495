package gcs_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/gcstest"
)

func errorSays(err error, text string) bool { return err != nil && strings.Contains(err.Error(), text) }

var oneGrant = backend.KeySpec{Name: "app", Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}}

// A new account that Cloud Storage does not see yet is waited for: the
// HMAC create and the policy write are tried again until it is seen.
func TestCreateWaitsForANewAccount(t *testing.T) {
	b, s := newBackend(t)
	s.SetPropagation(1500 * time.Millisecond)
	start := time.Now()
	k, err := backend.Open(b).CreateKey(context.Background(), oneGrant)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 1500*time.Millisecond || s.Requests()["hmacKeys.create"] < 2 {
		t.Errorf("the create took %v and %d HMAC creates: it did not wait", took, s.Requests()["hmacKeys.create"])
	}
	if s.Keys()[k.ID] != "ACTIVE" || len(s.Keys()) != 1 {
		t.Errorf("keys %v", s.Keys())
	}
}

// An HMAC create whose answer was lost made a key whose secret nobody
// has: it is revoked, and the create sent again; one key is left.
func TestLostHMACCreateIsRevokedAndSentAgain(t *testing.T) {
	b, s := newBackend(t)
	s.Inject(fake.Fault{Op: "hmacKeys.create", Status: http.StatusInternalServerError, DoWork: true})
	k, err := backend.Open(b).CreateKey(context.Background(), oneGrant)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Requests()["hmacKeys.create"]; got != 2 {
		t.Errorf("HMAC create sent %d times, want 2", got)
	}
	if keys := s.Keys(); len(keys) != 1 || keys[k.ID] != "ACTIVE" {
		t.Errorf("keys %v, want the one made", keys)
	}
}

// An account create whose answer was lost is sent again with the same
// id; the answer that it exists takes the account made, waiting for IAM
// to show it where it does not yet.
func TestLostAccountCreateIsSentAgain(t *testing.T) {
	for _, lag := range []time.Duration{0, 1500 * time.Millisecond} {
		b, s := newBackend(t)
		s.SetReadLag(lag)
		s.Inject(fake.Fault{Op: "serviceAccounts.create", Status: http.StatusInternalServerError, DoWork: true})
		if _, err := backend.Open(b).CreateKey(context.Background(), oneGrant); err != nil {
			t.Fatalf("read lag %v: %v", lag, err)
		}
		if got := s.Requests()["serviceAccounts.create"]; got != 2 || len(s.Accounts()) != 1 {
			t.Errorf("read lag %v: account create sent %d times, accounts %v", lag, got, s.Accounts())
		}
	}
}

// A create whose grant fails removes the key and its account.
func TestFailedGrantLeavesNothing(t *testing.T) {
	b, s := newBackend(t)
	s.Inject(fake.Fault{Op: "buckets.setIamPolicy", Status: http.StatusForbidden})
	_, err := backend.Open(b).CreateKey(context.Background(), oneGrant)
	if !errorSays(err, "Google Cloud answered 403") {
		t.Fatalf("create: %v", err)
	}
	if len(s.Accounts()) != 0 || len(s.Keys()) != 0 {
		t.Errorf("left behind: accounts %v, keys %v", s.Accounts(), s.Keys())
	}
}

// A delete that Google refuses while the deactivation spreads leaves the
// key deactivated and unbound, its account in place, and says to run
// again; the next delete finishes.
func TestDeleteRefusedWhileDeactivationSpreads(t *testing.T) {
	b, s := newBackend(t)
	ctx := context.Background()
	k, err := backend.Open(b).CreateKey(ctx, oneGrant)
	if err != nil {
		t.Fatal(err)
	}
	email := s.AccountOf(k.ID)
	s.SetDeleteLag(time.Hour)
	start := time.Now()
	err = b.DeleteKey(ctx, k.ID)
	if !errorSays(err, "The key is revoked: it is deactivated and signs nothing") || !errorSays(err, "Run the same command again") {
		t.Fatalf("delete: %v", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the delete waited %v", took)
	}
	if s.Keys()[k.ID] != "INACTIVE" || len(s.RolesOf("logs", "serviceAccount:"+email)) != 0 || s.Accounts()[email] != "app" {
		t.Fatalf("after the refused delete: keys %v, roles %v, accounts %v", s.Keys(), s.RolesOf("logs", "serviceAccount:"+email), s.Accounts())
	}
	s.SetDeleteLag(0)
	if err := b.DeleteKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if len(s.Keys()) != 0 || len(s.Accounts()) != 0 {
		t.Errorf("after the second delete: keys %v, accounts %v", s.Keys(), s.Accounts())
	}
	if _, err := b.GetKey(ctx, k.ID); !backend.IsNotFound(err) {
		t.Errorf("reading the deleted key: %v", err)
	}
}

// A key switched behind the provider's back after this run read it is
// switched as asked: an update reads the key afresh.
func TestUpdateReadsTheKeyAfresh(t *testing.T) {
	b, s := newBackend(t)
	ctx := context.Background()
	keys := backend.Open(b)
	k, err := keys.CreateKey(ctx, oneGrant)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second read loads this run's lists
		if _, err := keys.GetKey(ctx, k.ID); err != nil {
			t.Fatal(err)
		}
	}
	other := gcs.New(gcstest.Config(s))
	spec := oneGrant
	spec.Disabled = true
	if _, err := other.UpdateKey(ctx, k.ID, spec); err != nil {
		t.Fatal(err)
	}
	spec.Disabled = false
	if _, err := b.UpdateKey(ctx, k.ID, spec); err != nil {
		t.Fatal(err)
	}
	if s.Keys()[k.ID] != "ACTIVE" {
		t.Errorf("the key is %s, want ACTIVE", s.Keys()[k.ID])
	}
}

// A key read moments after its create, before the IAM API shows its new
// account, is waited for rather than taken as gone.
func TestReadWaitsForANewAccount(t *testing.T) {
	b, s := newBackend(t)
	s.SetReadLag(1500 * time.Millisecond)
	ctx := context.Background()
	k, err := backend.Open(b).CreateKey(ctx, oneGrant)
	if err != nil {
		t.Fatal(err)
	}
	got, err := gcs.New(gcstest.Config(s)).GetKey(ctx, k.ID)
	if err != nil || got.Name != "app" {
		t.Fatalf("read at once: %+v, %v", got, err)
	}
}

// A key destroyed moments after its create, before the IAM API shows its
// new account, is waited for and removed whole, not taken as gone.
func TestDeleteWaitsForANewAccount(t *testing.T) {
	b, s := newBackend(t)
	s.SetReadLag(1500 * time.Millisecond)
	ctx := context.Background()
	k, err := backend.Open(b).CreateKey(ctx, oneGrant)
	if err != nil {
		t.Fatal(err)
	}
	if err := gcs.New(gcstest.Config(s)).DeleteKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if len(s.Keys()) != 0 || len(s.Accounts()) != 0 {
		t.Errorf("left behind: keys %v, accounts %v", s.Keys(), s.Accounts())
	}
}
