package garage_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/garage"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/garage/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// newBackend is the backend on a fake of the test's own.
func newBackend(t *testing.T) (*garage.Backend, *fake.Server) {
	t.Helper()
	s := fake.Start()
	t.Cleanup(s.Close)
	for _, bucket := range []string{"logs", "data", "media", "conf-a", "conf-b", "conf-c"} {
		s.AddBucket(bucket)
	}
	return garage.New(garage.Config{Endpoint: s.URL, Token: s.Token, Retries: backendtest.QuickRetries}), s
}

func TestConformance(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backendtest.Harness {
		b, _ := newBackend(t)
		return backendtest.Driven{D: b}
	})
}

// Ids the backend draws carry its mark; Garage's own never do but by a
// one-in-four-billion chance.
func TestIdsCarryTheMark(t *testing.T) {
	b, s := newBackend(t)
	k, err := backend.Open(b).CreateKey(context.Background(), backend.KeySpec{Name: "marked", Limited: true})
	if err != nil {
		t.Fatal(err)
	}
	if !garage.IsOurs(k.ID) || len(k.ID) != 26 || len(k.SecretKey) != 64 {
		t.Errorf("a new key %s (secret of %d characters) does not have Garage's shapes and the mark", k.ID, len(k.SecretKey))
	}
	for range 100 {
		if id := s.AddKey("theirs"); garage.IsOurs(id) {
			t.Fatalf("Garage's id %s carries the mark", id)
		}
	}
}

// A key the backend did not make is never listed, changed, adopted or
// deleted, and a read of it (an import) says whose it is.
func TestKeysOfOthersAreLeftAlone(t *testing.T) {
	b, s := newBackend(t)
	ctx := context.Background()
	theirs := s.AddKey("a colleague's key")
	s.Allow("logs", theirs, fake.Permissions{Read: true})
	keys, err := b.ListKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 0 {
		t.Errorf("the list holds keys the backend did not make: %v", keys)
	}
	var notOurs *backend.NotOursError
	if _, err := b.GetKey(ctx, theirs); !errors.As(err, &notOurs) {
		t.Errorf("reading another's key: %v, want a NotOursError", err)
	}
	if _, err := b.UpdateKey(ctx, theirs, backend.KeySpec{Name: "mine now", Limited: true}); !errors.As(err, &notOurs) {
		t.Errorf("updating another's key: %v, want a NotOursError", err)
	}
	if err := b.DeleteKey(ctx, theirs); !errors.As(err, &notOurs) {
		t.Errorf("deleting another's key: %v, want a NotOursError", err)
	}
	if err := b.RemoveGrant(ctx, theirs, backend.Grant{Bucket: "logs", Permission: backend.ReadOnly}); !errors.As(err, &notOurs) {
		t.Errorf("removing another's grant: %v, want a NotOursError", err)
	}
	if name := s.Keys()[theirs]; name != "a colleague's key" {
		t.Errorf("another's key is now named %q", name)
	}
	if p, _ := s.Flags("logs", theirs); !p.Read {
		t.Errorf("another's key lost its flags: %+v", p)
	}
}

// An import whose answer was lost after the key was made is sent again and
// adopts the key, which holds the create's secret: one key.
func TestRepeatedImportAdoptsItsKey(t *testing.T) {
	b, s := newBackend(t)
	s.Inject(fake.Fault{Op: "ImportKey", Status: http.StatusInternalServerError, DoWork: true})
	k, err := backend.Open(b).CreateKey(context.Background(), backend.KeySpec{Name: "once", Limited: true,
		Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Requests()["ImportKey"]; got != 2 {
		t.Errorf("ImportKey sent %d times, want 2", got)
	}
	if keys := s.Keys(); len(keys) != 1 || keys[k.ID] != "once" {
		t.Errorf("keys on Garage: %v, want the one made", keys)
	}
}

// Flags follow the permissions: read_only is read (a downgrade denies
// write), read_write read and write, never owner; a removed grant takes
// both; an owner flag set elsewhere reads as custom and stays.
func TestGrantsAreFlags(t *testing.T) {
	b, s := newBackend(t)
	ctx := context.Background()
	keys := backend.Open(b)
	spec := backend.KeySpec{Name: "flags", Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadWrite}}}
	k, err := keys.CreateKey(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	want := func(bucket string, p fake.Permissions) {
		t.Helper()
		if got, _ := s.Flags(bucket, k.ID); got != p {
			t.Errorf("flags on %s: %+v, want %+v", bucket, got, p)
		}
	}
	want("logs", fake.Permissions{Read: true, Write: true})
	if err := keys.SetGrant(ctx, k.ID, backend.Grant{Bucket: "logs", Permission: backend.ReadOnly}); err != nil {
		t.Fatal(err)
	}
	want("logs", fake.Permissions{Read: true})
	if err := keys.SetGrant(ctx, k.ID, backend.Grant{Bucket: "data", Permission: backend.ReadWrite}); err != nil {
		t.Fatal(err)
	}
	want("data", fake.Permissions{Read: true, Write: true})
	if err := keys.RemoveGrant(ctx, k.ID, backend.Grant{Bucket: "logs", Permission: backend.ReadOnly}); err != nil {
		t.Fatal(err)
	}
	want("logs", fake.Permissions{})
	s.Allow("media", k.ID, fake.Permissions{Read: true, Owner: true})
	got, err := keys.GetKey(ctx, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := backend.GrantFor(got.Grants, "media", ""); g.Permission != backend.Custom {
		t.Errorf("an owner flag reads as %q, want custom", g.Permission)
	}
	if err := keys.SetGrant(ctx, k.ID, backend.Grant{Bucket: "nowhere", Permission: backend.ReadOnly}); err == nil ||
		!strings.Contains(err.Error(), `bucket "nowhere" does not exist`) {
		t.Errorf("a grant on a missing bucket: %v", err)
	}
}

// A refresh reads one key with one request, and many with the bulk read:
// the key list, the bucket list and each bucket's keys, whatever the
// number of keys. Asserted for 1 and 200 keys.
func TestRefreshRequests(t *testing.T) {
	for _, n := range []int{1, 200} {
		t.Run(fmt.Sprintf("%d keys", n), func(t *testing.T) {
			b, s := newBackend(t)
			buckets := []string{"logs", "data", "media", "conf-a", "conf-b", "conf-c"}
			ids := make([]string, n)
			for i := range n {
				k, err := backend.Open(b).CreateKey(context.Background(), backend.KeySpec{Name: fmt.Sprintf("k-%d", i), Limited: true,
					Grants: []backend.Grant{{Bucket: buckets[i%len(buckets)], Permission: backend.ReadOnly}}})
				if err != nil {
					t.Fatal(err)
				}
				ids[i] = k.ID
			}
			s.AddKey("a colleague's key")
			fresh := garage.New(garage.Config{Endpoint: s.URL, Token: s.Token})
			s.ResetRequests()
			backendtest.ReadLikeTerraform(t, fresh, ids)
			want := 1
			if n > 1 {
				want = 1 + 2 + len(buckets)
			}
			if got := s.TotalRequests(); got > want {
				t.Errorf("a refresh of %d keys took %d requests, want at most %d: %v", n, got, want, s.Requests())
			}
			s.ResetRequests()
			got, err := garage.New(garage.Config{Endpoint: s.URL, Token: s.Token}).ListKeys(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Errorf("listed %d keys, want %d", len(got), n)
			}
			if r := s.TotalRequests(); r != 2+len(buckets) {
				t.Errorf("a list took %d requests, want %d", r, 2+len(buckets))
			}
		})
	}
}

// A wrong token names the setting to check, says the operation once and
// never shows the token.
func TestRefusedCredential(t *testing.T) {
	_, s := newBackend(t)
	b := garage.New(garage.Config{Endpoint: s.URL, Token: "not-the-token", Retries: backendtest.QuickRetries})
	backendtest.RefusedCredential(t, b, backend.KeySpec{Name: "refused", Limited: true}, "not-the-token", "garage.admin_token", "AccessDenied")
}

// The conformance suite on a real Garage, when GARAGE_ADMIN_ENDPOINT and
// GARAGE_ADMIN_TOKEN name one (skipped otherwise: Garage cannot be built on
// the project's machines). The suite grants buckets conf-a, conf-b and
// conf-c, which must exist there; keys it makes carry the provider's mark
// and are deleted at the end.
func TestConformanceOnARealGarage(t *testing.T) {
	endpoint, token := os.Getenv("GARAGE_ADMIN_ENDPOINT"), os.Getenv("GARAGE_ADMIN_TOKEN")
	if endpoint == "" || token == "" {
		t.Skip("set GARAGE_ADMIN_ENDPOINT and GARAGE_ADMIN_TOKEN (with buckets conf-a, conf-b and conf-c) to run on a real Garage")
	}
	backendtest.Run(t, func(t *testing.T) backendtest.Harness {
		return backendtest.Driven{D: garage.New(garage.Config{Endpoint: endpoint, Token: token})}
	})
}
