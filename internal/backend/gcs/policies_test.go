package gcs_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"golang.org/x/sync/errgroup"
	storage "google.golang.org/api/storage/v1"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/gcstest"
)

// Fifty keys granted on one bucket by two provider processes at once,
// ten at a time, lose no binding: each write that finds the policy
// changed since its read reads it again and tries again.
func TestConcurrentGrantsLoseNoBinding(t *testing.T) {
	s := gcstest.Start(t)
	before := s.Bindings("logs")
	processes := []*gcs.Backend{gcs.New(gcstest.Config(s)), gcs.New(gcstest.Config(s))}
	var mu sync.Mutex
	var emails []string
	group := new(errgroup.Group)
	group.SetLimit(10)
	for i := range 50 {
		group.Go(func() error {
			k, err := backend.Open(processes[i%2]).CreateKey(context.Background(), backend.KeySpec{Name: fmt.Sprintf("k-%d", i),
				Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}})
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			emails = append(emails, s.AccountOf(k.ID))
			return nil
		})
	}
	if err := group.Wait(); err != nil {
		t.Fatal(err)
	}
	for _, email := range emails {
		if got := s.RolesOf("logs", "serviceAccount:"+email); !slices.Equal(got, gcs.Roles[backend.ReadOnly]) {
			t.Errorf("account %s holds %v on logs", email, got)
		}
	}
	for _, line := range before {
		if !slices.Contains(s.Bindings("logs"), line) {
			t.Errorf("the binding %q is gone", line)
		}
	}
	writes := s.Requests()["buckets.setIamPolicy"]
	t.Logf("50 grants on one bucket from two processes: %d policy writes (%d refused as stale and tried again)", writes, writes-50)
}

// Another member's binding written between the provider's read and write
// survives: the write is refused as stale, read again and sent again.
func TestForeignBindingBetweenReadAndWriteSurvives(t *testing.T) {
	b, s := newBackend(t)
	once := sync.Once{}
	s.BeforeSetPolicy(func(bucket string) {
		once.Do(func() { s.Bind(bucket, "roles/storage.objectViewer", "user:alice@example.com", nil) })
	})
	k, err := backend.Open(b).CreateKey(context.Background(), backend.KeySpec{Name: "app", Limited: true,
		Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadWrite}}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(s.Bindings("logs"), "roles/storage.objectViewer user:alice@example.com") {
		t.Errorf("alice's binding is gone: %v", s.Bindings("logs"))
	}
	if got := s.RolesOf("logs", "serviceAccount:"+s.AccountOf(k.ID)); !slices.Equal(got, gcs.Roles[backend.ReadWrite]) {
		t.Errorf("the key holds %v", got)
	}
	if n := s.Requests()["buckets.setIamPolicy"]; n != 2 {
		t.Errorf("%d policy writes, want 2 (the stale one and the one after the new read)", n)
	}
}

// Conditional bindings are never changed: another member's stays through
// a grant (the policy is written as version 3); one of the key's own
// account reads as a custom grant, and a change of that bucket's grant is
// refused, saying what to do.
func TestConditionalBindingsAreLeftAlone(t *testing.T) {
	b, s := newBackend(t)
	ctx := context.Background()
	office := &storage.Expr{Title: "office hours", Expression: `request.time.getHours("Europe/Berlin") < 18`}
	s.Bind("logs", "roles/storage.objectViewer", "group:ops@example.com", office)
	keys := backend.Open(b)
	k, err := keys.CreateKey(ctx, backend.KeySpec{Name: "app", Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(s.Bindings("logs"), "roles/storage.objectViewer group:ops@example.com if office hours") {
		t.Errorf("the conditional binding is gone: %v", s.Bindings("logs"))
	}
	m := "serviceAccount:" + s.AccountOf(k.ID)
	s.Bind("data", "roles/storage.objectAdmin", m, office)
	if got := readGrant(t, s, k.ID, "data"); got != backend.Custom {
		t.Errorf("a conditional binding of the key's account reads as %q", got)
	}
	err = keys.SetGrant(ctx, k.ID, backend.Grant{Bucket: "data", Permission: backend.ReadOnly})
	if !errors.Is(err, gcs.ErrConditional) {
		t.Errorf("changing a bucket with a conditional binding of the key's account: %v", err)
	}
	if !slices.Contains(s.Bindings("data"), "roles/storage.objectAdmin "+m+" if office hours") {
		t.Errorf("the key's conditional binding changed: %v", s.Bindings("data"))
	}
}

// Bindings made elsewhere on the key's account read as they are: the
// roles of neither permission as custom, and a grant then takes them
// away, other members' untouched.
func TestOtherRolesReadAsCustom(t *testing.T) {
	b, s := newBackend(t)
	ctx := context.Background()
	keys := backend.Open(b)
	k, err := keys.CreateKey(ctx, backend.KeySpec{Name: "app", Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}})
	if err != nil {
		t.Fatal(err)
	}
	m := "serviceAccount:" + s.AccountOf(k.ID)
	s.Bind("logs", "roles/storage.objectAdmin", m, nil)
	if got := readGrant(t, s, k.ID, "logs"); got != backend.Custom {
		t.Fatalf("objectAdmin reads as %q, want custom", got)
	}
	fresh := backend.Open(gcs.New(gcstest.Config(s)))
	if err := fresh.SetGrant(ctx, k.ID, backend.Grant{Bucket: "logs", Permission: backend.ReadOnly}); err != nil {
		t.Fatal(err)
	}
	if got := s.RolesOf("logs", m); !slices.Equal(got, gcs.Roles[backend.ReadOnly]) {
		t.Errorf("after the grant: %v", got)
	}
	if !slices.Contains(s.Bindings("logs"), "roles/storage.legacyBucketReader projectViewer:"+s.Project) {
		t.Errorf("the project viewers' binding is gone: %v", s.Bindings("logs"))
	}
}

// A grant on a bucket the project does not hold is a clear error, and
// the create leaves nothing behind.
func TestGrantOnAMissingBucket(t *testing.T) {
	b, s := newBackend(t)
	_, err := backend.Open(b).CreateKey(context.Background(), backend.KeySpec{Name: "app", Limited: true,
		Grants: []backend.Grant{{Bucket: "nowhere", Permission: backend.ReadOnly}}})
	if err == nil || !errorSays(err, `grant on bucket "nowhere": project fake-project has no such bucket`) {
		t.Fatalf("a grant on a missing bucket: %v", err)
	}
	if len(s.Accounts()) != 0 || len(s.Keys()) != 0 {
		t.Errorf("left behind: accounts %v, keys %v", s.Accounts(), s.Keys())
	}
}

// readGrant is a key's permission on a bucket, read by a new process.
func readGrant(t *testing.T, s *fake.Server, id, bucket string) backend.Permission {
	t.Helper()
	got, err := gcs.New(gcstest.Config(s)).GetKey(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := backend.GrantFor(got.Grants, bucket, "")
	return g.Permission
}

// A bucket deleted after this run listed the project's buckets fails a
// grant with what happened, not as a missing key, and leaves a removal
// nothing to do.
func TestBucketDeletedSinceTheList(t *testing.T) {
	b, s := newBackend(t)
	ctx := context.Background()
	keys := backend.Open(b)
	k, err := keys.CreateKey(ctx, backend.KeySpec{Name: "app", Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}})
	if err != nil {
		t.Fatal(err)
	}
	s.RemoveBucket("media")
	err = keys.SetGrant(ctx, k.ID, backend.Grant{Bucket: "media", Permission: backend.ReadOnly})
	if backend.IsNotFound(err) || !errorSays(err, `grant on bucket "media": project fake-project no longer has the bucket`) {
		t.Errorf("a grant on a bucket deleted since the list: %v", err)
	}
	if err := keys.RemoveGrant(ctx, k.ID, backend.Grant{Bucket: "media", Permission: backend.ReadOnly}); err != nil {
		t.Errorf("removing a grant on a bucket deleted since the list: %v", err)
	}
}
