package glesys_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sync/errgroup"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

const instance = "os-ab123"

func startFake(t testing.TB) *fake.Server {
	t.Helper()
	s := fake.Start()
	t.Cleanup(s.Close)
	s.AddInstance(instance, "test instance")
	return s
}

func newBackend(s *fake.Server) *glesys.Backend { return newBackendAt(s.URL, s.Project, s.Token, nil) }

func newBackendAt(url, project, token string, transport http.RoundTripper) *glesys.Backend {
	return glesys.New(glesys.Config{URL: url, Project: project, Token: token, UserAgent: "terraform-provider-objectstorage/test",
		Retries: backendtest.QuickRetries, Transport: transport})
}

func TestConformance(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backendtest.Harness {
		return backendtest.Driven{D: newBackend(startFake(t)), Instance: instance}
	})
}

// A plan over 30 credentials of one instance reads them with one call.
func TestRefreshOf30CredentialsIsOneCall(t *testing.T) {
	s := startFake(t)
	ids := s.AddCredentials(instance, "cred", 30)
	s.ResetRequests()
	b := newBackend(s)
	group := new(errgroup.Group)
	group.SetLimit(10)
	for _, id := range ids {
		group.Go(func() error {
			k, err := b.GetKey(context.Background(), backend.ScopedID(instance, id))
			if err == nil && (k.SecretKey == "" || k.InstanceID != instance) {
				t.Errorf("credential %s read without its secret or instance", id)
			}
			return err
		})
	}
	if err := group.Wait(); err != nil {
		t.Fatal(err)
	}
	if got := s.Requests(); got["instancedetails"] != 1 || s.TotalRequests() != 1 {
		t.Fatalf("requests %v, want one instancedetails call", got)
	}
}

// Credentials deleted, and whole instances deleted, are seen as gone.
func TestReadsSeeDeletions(t *testing.T) {
	s := startFake(t)
	ids := s.AddCredentials(instance, "cred", 2)
	s.AddInstance("os-gone", "to be deleted")
	gone := s.AddCredentials("os-gone", "cred", 1)
	s.DeleteCredential(instance, ids[1])
	s.DeleteInstance("os-gone")
	b := newBackend(s)
	if _, err := b.GetKey(context.Background(), backend.ScopedID(instance, ids[0])); err != nil {
		t.Fatal(err)
	}
	if _, err := b.GetKey(context.Background(), backend.ScopedID(instance, ids[1])); !backend.IsNotFound(err) {
		t.Fatalf("deleted credential: want not found, got %v", err)
	}
	if _, err := b.GetKey(context.Background(), backend.ScopedID("os-gone", gone[0])); !backend.IsNotFound(err) {
		t.Fatalf("credential of a deleted instance: want not found, got %v", err)
	}
}

// Credentials are named INSTANCE_ID/CREDENTIAL_ID, one id that every
// lookup takes as it is.
func TestKeyIDNamesTheInstance(t *testing.T) {
	s := startFake(t)
	b := newBackend(s)
	key, err := b.CreateKey(context.Background(), backend.KeySpec{Name: "app", InstanceID: instance})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(key.ID, instance+"/") {
		t.Fatalf("id %q does not name the instance", key.ID)
	}
	keys, err := b.ListKeys(context.Background())
	if err != nil || len(keys) != 1 || keys[0].ID != key.ID {
		t.Fatalf("list: %v %v", keys, err)
	}
	if got, err := b.GetKey(context.Background(), key.ID); err != nil || got.ID != key.ID {
		t.Fatalf("get by the created id: %v %v", got, err)
	}
}

// A create whose credential was made but whose answer was lost adopts
// that credential, the only new one with its description: nothing is
// left behind and no second credential is made.
func TestAmbiguousCreateAdoptsItsCredential(t *testing.T) {
	for name, fault := range map[string]fake.Fault{
		"500 after the work":       {Op: "createcredential", Status: 500, DoWork: true},
		"connection dropped after": {Op: "createcredential", Drop: true, DoWork: true},
		"502 after the work":       {Op: "createcredential", Status: 502, DoWork: true},
	} {
		t.Run(name, func(t *testing.T) {
			s := startFake(t)
			b := newBackend(s)
			s.Inject(fault)
			key, err := b.CreateKey(context.Background(), backend.KeySpec{Name: "app", InstanceID: instance})
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Descriptions(instance); !slices.Equal(got, []string{"app"}) {
				t.Fatalf("credentials left: %v", got)
			}
			if n := s.Requests()["createcredential"]; n != 1 {
				t.Fatalf("%d createcredential calls; the adopted credential must not be made twice", n)
			}
			got, err := b.GetKey(context.Background(), key.ID)
			if err != nil || got.SecretKey != key.SecretKey || key.SecretKey == "" {
				t.Fatalf("the credential returned is not the one kept: %v", err)
			}
		})
	}
}

// A create whose answer was a 500 and that made nothing is tried again.
func TestAmbiguousCreateThatMadeNothingIsRetried(t *testing.T) {
	s := startFake(t)
	b := newBackend(s)
	s.Inject(fake.Fault{Op: "createcredential", Status: 500})
	if _, err := b.CreateKey(context.Background(), backend.KeySpec{Name: "app", InstanceID: instance}); err != nil {
		t.Fatal(err)
	}
	if got := s.Descriptions(instance); !slices.Equal(got, []string{"app"}) {
		t.Fatalf("credentials: %v", got)
	}
	if n := s.Requests()["createcredential"]; n != 2 {
		t.Fatalf("%d createcredential calls, want 2", n)
	}
}

// When a colleague makes a credential with the same description while the
// create's answer is lost, neither credential can be told to be ours: both
// stay, nothing is adopted or deleted, and the error lists them.
func TestAmbiguousCreateWithTwoCandidatesTouchesNothing(t *testing.T) {
	s := startFake(t)
	b := newBackend(s)
	s.Inject(fake.Fault{Op: "createcredential", Status: 500, DoWork: true,
		During: func() { s.AddCredentialDescribed(instance, "app") }})
	_, err := b.CreateKey(context.Background(), backend.KeySpec{Name: "app", InstanceID: instance})
	var uncertain *backend.UncertainCreateError
	if !errors.As(err, &uncertain) || uncertain.Key != nil {
		t.Fatalf("want an uncertain-create error, got %v", err)
	}
	if !strings.Contains(err.Error(), "2 new credentials are described \"app\" ("+instance+"/") {
		t.Fatalf("the error does not list the candidates: %v", err)
	}
	if got := s.Descriptions(instance); !slices.Equal(got, []string{"app", "app"}) {
		t.Fatalf("credentials: %v, want both left in place", got)
	}
	if n := s.Requests()["deletecredential"]; n != 0 {
		t.Fatalf("%d deletecredential calls", n)
	}
}

func TestMalformedIDIsClear(t *testing.T) {
	b := newBackend(startFake(t))
	for _, id := range []string{"no-slash", "/missing-instance", "os-ab123/", "a/b/c"} {
		_, err := b.GetKey(context.Background(), id)
		if err == nil || !strings.Contains(err.Error(), "INSTANCE_ID/CREDENTIAL_ID") {
			t.Errorf("%q: want an error naming the form, got %v", id, err)
		}
	}
}

func TestRefusedKeyIsExplained(t *testing.T) {
	s := startFake(t)
	b := glesys.New(glesys.Config{URL: s.URL, Project: s.Project, Token: "wrong", Retries: httpapi.Retries{MaxRetries: 1}})
	_, err := b.ListKeys(context.Background())
	if err == nil || !strings.Contains(err.Error(), "IP allow-list") || !strings.Contains(err.Error(), "objectstorage:listinstances") {
		t.Fatalf("want an explanation of a refused API key, got %v", err)
	}
}

// A key GleSYS refuses fails a create with an error that names the
// settings to fix, says the operation once and shows no key.
func TestRefusedTokenIsNamed(t *testing.T) {
	s := startFake(t)
	text := backendtest.RefusedCredential(t, newBackendAt(s.URL, s.Project, "not-the-token-4711", nil),
		backend.KeySpec{Name: "refused", InstanceID: instance}, "not-the-token-4711", "glesys.token")
	t.Log(text)
}
