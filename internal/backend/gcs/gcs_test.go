package gcs_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/gcstest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// newBackend is the backend on a fake of the test's own, its traffic
// checked against the Discovery documents.
func newBackend(t *testing.T) (*gcs.Backend, *fake.Server) {
	t.Helper()
	s := gcstest.Start(t)
	return gcs.New(gcstest.Config(s)), s
}

func TestConformance(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backendtest.Harness {
		b, _ := newBackend(t)
		return backendtest.Driven{D: b}
	})
}

// A key is an account of its own holding one HMAC key, bound on its
// buckets to each permission's roles beside the bindings already there;
// a delete removes the bindings, the key and the account.
func TestKeyIsAnAccountBoundOnItsBuckets(t *testing.T) {
	b, s := newBackend(t)
	ctx := context.Background()
	before := s.Bindings("logs")
	k, err := backend.Open(b).CreateKey(ctx, backend.KeySpec{Name: "app", Limited: true, Grants: []backend.Grant{
		{Bucket: "logs", Permission: backend.ReadOnly}, {Bucket: "data", Permission: backend.ReadWrite}}})
	if err != nil {
		t.Fatal(err)
	}
	email := s.AccountOf(k.ID)
	if s.Accounts()[email] != "app" || len(k.ID) != 61 || len(k.SecretKey) != 40 || k.AccessKey != k.ID {
		t.Fatalf("made key %s (secret of %d characters) of account %s, accounts %v", k.ID, len(k.SecretKey), email, s.Accounts())
	}
	m := "serviceAccount:" + email
	if got := s.RolesOf("logs", m); !slices.Equal(got, gcs.Roles[backend.ReadOnly]) {
		t.Errorf("roles on logs: %v", got)
	}
	if got := s.RolesOf("data", m); !slices.Equal(got, gcs.Roles[backend.ReadWrite]) {
		t.Errorf("roles on data: %v", got)
	}
	if err := b.DeleteKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if got := s.Bindings("logs"); !slices.Equal(got, before) {
		t.Errorf("after the delete, logs holds %v, want %v", got, before)
	}
	if _, ok := s.Accounts()[email]; ok || len(s.Keys()) != 0 {
		t.Errorf("after the delete: accounts %v, keys %v", s.Accounts(), s.Keys())
	}
}

// An account counts as the provider's by its mark: one under the prefix
// without it is never listed, changed or deleted, nor its keys.
func TestKeysOfOtherAccountsAreLeftAlone(t *testing.T) {
	b, s := newBackend(t)
	ctx := context.Background()
	email := s.AddAccount("objectstorage-theirs1", "a colleague's account", "")
	theirs := s.AddHMACKey(email)
	s.Bind("logs", "roles/storage.objectViewer", "serviceAccount:"+email, nil)
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
	if _, err := b.UpdateKey(ctx, theirs, backend.KeySpec{Name: "mine now", Limited: true, Disabled: true}); !errors.As(err, &notOurs) {
		t.Errorf("updating another's key: %v, want a NotOursError", err)
	}
	if err := b.DeleteKey(ctx, theirs); !errors.As(err, &notOurs) {
		t.Errorf("deleting another's key: %v, want a NotOursError", err)
	}
	if err := b.RemoveGrant(ctx, theirs, backend.Grant{Bucket: "logs", Permission: backend.ReadOnly}); !errors.As(err, &notOurs) {
		t.Errorf("removing another's grant: %v, want a NotOursError", err)
	}
	if s.Keys()[theirs] != "ACTIVE" || s.Accounts()[email] != "a colleague's account" || len(s.RolesOf("logs", "serviceAccount:"+email)) != 1 {
		t.Errorf("another's account changed: keys %v, accounts %v, roles %v", s.Keys(), s.Accounts(), s.RolesOf("logs", "serviceAccount:"+email))
	}
}

// A wrong token names the settings to check, says the operation once and
// never shows the token.
func TestRefusedCredential(t *testing.T) {
	_, s := newBackend(t)
	cfg := gcstest.Config(s)
	cfg.Token = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "ya29.not-the-token"})
	backendtest.RefusedCredential(t, gcs.New(cfg), backend.KeySpec{Name: "refused", Limited: true}, "ya29.not-the-token",
		"gcs.credentials or gcs.access_token", "401")
}

// The conformance suite on Google Cloud, when GOOGLE_CLOUD_PROJECT and
// credentials are set (skipped otherwise). The project must hold buckets
// conf-a, conf-b and conf-c; the accounts the suite makes carry the
// provider's mark and are deleted at the end.
func TestConformanceOnGoogleCloud(t *testing.T) {
	project := os.Getenv("GOOGLE_CLOUD_PROJECT")
	if project == "" || os.Getenv("GOOGLE_APPLICATION_CREDENTIALS")+os.Getenv("GOOGLE_CREDENTIALS")+os.Getenv("GOOGLE_OAUTH_ACCESS_TOKEN") == "" {
		t.Skip("set GOOGLE_CLOUD_PROJECT and credentials (with buckets conf-a, conf-b and conf-c in the project) to run on Google Cloud")
	}
	source, err := gcs.TokenSource(os.Getenv("GOOGLE_CREDENTIALS")+os.Getenv("GOOGLE_APPLICATION_CREDENTIALS"), os.Getenv("GOOGLE_OAUTH_ACCESS_TOKEN"))
	if err != nil {
		t.Fatal(err)
	}
	backendtest.Run(t, func(t *testing.T) backendtest.Harness {
		return backendtest.Driven{D: gcs.New(gcs.Config{Project: project, Token: source})}
	})
}

// A key made under one service_account_prefix stays the provider's when
// the prefix changes: the mark, not the id, proves it.
func TestKeysSurviveAPrefixChange(t *testing.T) {
	b, s := newBackend(t)
	ctx := context.Background()
	k, err := backend.Open(b).CreateKey(ctx, backend.KeySpec{Name: "app", Limited: true})
	if err != nil {
		t.Fatal(err)
	}
	cfg := gcstest.Config(s)
	cfg.AccountPrefix = "keys-"
	later := gcs.New(cfg)
	if got, err := later.GetKey(ctx, k.ID); err != nil || got.Name != "app" {
		t.Fatalf("read under a new prefix: %+v, %v", got, err)
	}
	if err := later.DeleteKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if len(s.Accounts()) != 0 {
		t.Errorf("accounts left: %v", s.Accounts())
	}
}

// A service account key file, as JSON or as its path, signs the provider
// in through the file's token endpoint, once for many calls; a file of a
// type Google's tools do not take is refused without a call.
func TestCredentialsFile(t *testing.T) {
	s := gcstest.Start(t)
	keyFile, _ := gcstest.KeyFile(s)
	path := filepath.Join(t.TempDir(), "key.json")
	if err := os.WriteFile(path, []byte(keyFile), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, credentials := range []string{keyFile, path} {
		source, err := gcs.TokenSource(credentials, "")
		if err != nil {
			t.Fatal(err)
		}
		s.ResetRequests()
		cfg := gcstest.Config(s)
		cfg.Token = source
		b := gcs.New(cfg)
		k, err := backend.Open(b).CreateKey(context.Background(), backend.KeySpec{Name: "signed-in", Limited: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := b.DeleteKey(context.Background(), k.ID); err != nil {
			t.Fatal(err)
		}
		if got := s.Requests()["token"]; got != 1 {
			t.Errorf("%d token requests, want 1", got)
		}
	}
	if _, err := gcs.TokenSource(`{"type": "api_key", "key": "not-a-credential-file"}`, ""); err == nil ||
		!strings.Contains(err.Error(), `type "api_key"`) || strings.Contains(err.Error(), "not-a-credential-file") {
		t.Errorf("a file of an unknown type: %v", err)
	}
}
