package backendtest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/create"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// NamedKeysFake is a fake of a service that chooses each key's access key,
// as the pending-name suite drives it. Ids are the driver's.
type NamedKeysFake interface {
	Inject(faults ...fakeapi.Fault)
	Requests() map[string]int
	ResetRequests()
	// Names is every key's name, sorted.
	Names() []string
	// Keys is every key's name by id.
	Keys() map[string]string
	// AddKeys makes n keys named prefix-0, prefix-1, ... as another
	// client would, and returns their ids.
	AddKeys(prefix string, n int) []string
	// Revoke and Rename change a key behind the driver's back.
	Revoke(id string)
	Rename(id, name string)
}

// PendingCreates is the harness of the pending-name suite: a driver whose
// create posts the key under a pending name (create.PendingName), settles
// a lost answer by that name (create.FindMade) and then gives the key its
// name, against a fake of the service.
type PendingCreates struct {
	Fake NamedKeysFake
	// Driver opens a new driver on the fake, with nothing cached.
	Driver func() backend.Driver
	// Spec is a key the driver takes, named name.
	Spec func(name string) backend.KeySpec
	// CreateOp, RenameOp and DeleteOp name the create, the request that
	// gives a key its name, and the delete, as the fake counts requests.
	CreateOp, RenameOp, DeleteOp string
}

// RunPendingCreates runs the suite; newHarness is called once per test,
// each with a fake of its own.
func RunPendingCreates(t *testing.T, newHarness func(t *testing.T) PendingCreates) {
	tests := []struct {
		name string
		run  func(t *testing.T, h PendingCreates)
	}{
		{"AmbiguousCreateLeavesNoOrphan", testAmbiguousCreateLeavesNoOrphan},
		{"AmbiguousCreateFailingTwiceLeavesNothing", testAmbiguousCreateFailingTwice},
		{"AmbiguousCreateNeverRevokesAColleaguesKey", testColleaguesKeyKept},
		{"FailedRenameKeepsTheKey", testFailedRenameKeepsTheKey},
		{"CreateRefusalIsNotRetried", testCreateRefusalIsNotRetried},
		{"ReadsSeeOutOfBandChanges", testReadsSeeOutOfBandChanges},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t, newHarness(t))
		})
	}
}

func isPending(name string) bool { return strings.HasPrefix(name, create.PendingPrefix) }

// A create whose key was made but whose answer was a 500 leaves no orphan:
// the key it made (under its pending name) is revoked and the create is
// tried once more.
func testAmbiguousCreateLeavesNoOrphan(t *testing.T, h PendingCreates) {
	h.Fake.Inject(fakeapi.Fault{Op: h.CreateOp, Status: 500, DoWork: true})
	key, err := h.Driver().CreateKey(context.Background(), h.Spec("ambiguous"))
	if err != nil {
		t.Fatal(err)
	}
	if key.SecretKey == "" || key.Name != "ambiguous" {
		t.Fatalf("want the second try's key with its secret and name, got name %q", key.Name)
	}
	if names := h.Fake.Names(); !slices.Equal(names, []string{"ambiguous"}) {
		t.Fatalf("keys left on the service: %v, want only the one returned", names)
	}
	if got := h.Fake.Requests(); got[h.CreateOp] != 2 || got[h.DeleteOp] != 1 || got[h.RenameOp] != 1 {
		t.Fatalf("requests %v: want 2 creates, the orphan's delete and one rename", got)
	}
}

// When every try fails ambiguously, the create fails, says how many keys
// its tries made and removed, and leaves nothing of its own; a key with
// the same name that was there before is left alone.
func testAmbiguousCreateFailingTwice(t *testing.T, h PendingCreates) {
	h.Fake.Inject(
		fakeapi.Fault{Op: h.CreateOp, Status: 500, DoWork: true},
		fakeapi.Fault{Op: h.CreateOp, Status: 502, DoWork: true},
	)
	h.Fake.AddKeys("ambiguous", 1) // a key with the same name made earlier, by someone else
	_, err := h.Driver().CreateKey(context.Background(), h.Spec("ambiguous-0"))
	var uncertain *backend.UncertainCreateError
	if !errors.As(err, &uncertain) || uncertain.Key != nil {
		t.Fatalf("want an uncertain-create error with no key to keep, got %v", err)
	}
	if !strings.Contains(err.Error(), "the 2 key(s) they made") {
		t.Fatalf("the error does not count both tries' removed keys: %v", err)
	}
	if names := h.Fake.Names(); !slices.Equal(names, []string{"ambiguous-0"}) {
		t.Fatalf("keys left: %v, want only the one that was there before", names)
	}
}

// A key with the create's name made by someone else after the driver
// listed the account, while the create's answer was lost, is never
// revoked: only the create's own pending name marks a key as its own.
func testColleaguesKeyKept(t *testing.T, h PendingCreates) {
	d := h.Driver()
	if _, err := d.ListKeys(context.Background()); err != nil { // the process's list, loaded early
		t.Fatal(err)
	}
	colleague := h.Fake.AddKeys("app", 1)[0] // named app-0, made after the list was loaded
	h.Fake.Inject(fakeapi.Fault{Op: h.CreateOp, Status: 500})
	key, err := d.CreateKey(context.Background(), h.Spec("app-0"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := h.Fake.Keys()[colleague]; !ok {
		t.Fatal("the colleague's key with the same name was revoked")
	}
	if got := h.Fake.Requests()[h.DeleteOp]; got != 0 {
		t.Fatalf("%d deletes after a create that made nothing", got)
	}
	if names := h.Fake.Names(); !slices.Equal(names, []string{"app-0", "app-0"}) || key.Name != "app-0" {
		t.Fatalf("keys %v, want the colleague's and ours", names)
	}
}

// A key made whose name could not be set afterwards is returned whole,
// secret included, for the provider to keep in state: it exists and must
// not be lost.
func testFailedRenameKeepsTheKey(t *testing.T, h PendingCreates) {
	h.Fake.Inject(fakeapi.Fault{Op: h.RenameOp, Status: 400})
	_, err := h.Driver().CreateKey(context.Background(), h.Spec("rename-me"))
	var uncertain *backend.UncertainCreateError
	if !errors.As(err, &uncertain) || uncertain.Key == nil {
		t.Fatalf("want an uncertain-create error carrying the key, got %v", err)
	}
	if uncertain.Key.SecretKey == "" || !isPending(uncertain.Key.Name) {
		t.Fatalf("the key kept must carry its secret and its pending name, got name %q", uncertain.Key.Name)
	}
	if strings.Contains(err.Error(), uncertain.Key.SecretKey) {
		t.Fatal("the error message carries the secret")
	}
	if name := h.Fake.Keys()[uncertain.Key.ID]; name != uncertain.Key.Name {
		t.Fatalf("key %s on the service is named %q", uncertain.Key.ID, name)
	}
}

// A clear refusal (4xx) of a create is never sent again.
func testCreateRefusalIsNotRetried(t *testing.T, h PendingCreates) {
	h.Fake.Inject(fakeapi.Fault{Op: h.CreateOp, Status: 400})
	if _, err := h.Driver().CreateKey(context.Background(), h.Spec("refused")); err == nil {
		t.Fatal("want the refusal")
	}
	if n := h.Fake.Requests()[h.CreateOp]; n != 1 {
		t.Fatalf("%d creates sent for one refused create", n)
	}
	if names := h.Fake.Names(); len(names) != 0 {
		t.Fatalf("keys after a refused create: %v", names)
	}
}

// Drift: a key revoked or renamed behind the driver's back is seen.
func testReadsSeeOutOfBandChanges(t *testing.T, h PendingCreates) {
	ids := h.Fake.AddKeys("drift", 3)
	h.Fake.Revoke(ids[1])
	h.Fake.Rename(ids[2], "renamed")
	d := h.Driver()
	for i, id := range ids {
		k, err := d.GetKey(context.Background(), id)
		switch {
		case i == 0 && (err != nil || k.Name != "drift-0"),
			i == 1 && !backend.IsNotFound(err),
			i == 2 && (err != nil || k.Name != "renamed"):
			t.Fatalf("key %d: %q, %v", i, k.Name, err)
		}
	}
}
