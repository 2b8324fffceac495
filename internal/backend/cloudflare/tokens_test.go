package cloudflare_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

func reader(name string) backend.KeySpec {
	return backend.KeySpec{Name: name, Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}}
}

// The secret is the SHA-256 of the token's value, in hex; the access key
// the token's id; a read_only grant is the item read group on the bucket's
// resource, read_write the read and write groups.
func TestTokenIsTheKey(t *testing.T) {
	b, s := newBackend(t)
	k, err := backend.Open(b).CreateKey(context.Background(), backend.KeySpec{Name: "app", Limited: true, Grants: []backend.Grant{
		{Bucket: "logs", Permission: backend.ReadOnly}, {Bucket: "data", Permission: backend.ReadWrite}}})
	if err != nil {
		t.Fatal(err)
	}
	if r := s.Requests(); r["POST tokens"] != 1 || r["PUT token"] != 1 || r["GET token"] != 0 {
		t.Errorf("a create sent %v, want one POST (under the pending name) and one PUT (the name), no read", r)
	}
	held, _ := s.TokenOf(k.ID)
	sum := sha256.Sum256([]byte(held.Value))
	if k.AccessKey != held.ID || k.SecretKey != hex.EncodeToString(sum[:]) || held.Name != "objectstorage: app" {
		t.Fatalf("key %s (secret of %d characters) for token %s named %q", k.AccessKey, len(k.SecretKey), held.ID, held.Name)
	}
	groups := map[string][]string{}
	for _, p := range held.Policies {
		for resource := range p.Resources {
			for _, g := range p.PermissionGroups {
				groups[resource] = append(groups[resource], g.ID)
			}
		}
	}
	bucket := func(name string) string { return "com.cloudflare.edge.r2.bucket." + s.AccountID + "_default_" + name }
	read, write := s.GroupID("Workers R2 Storage Bucket Item Read"), s.GroupID("Workers R2 Storage Bucket Item Write")
	if !slices.Equal(groups[bucket("logs")], []string{read}) || !slices.Equal(sorted(groups[bucket("data")]), sorted([]string{read, write})) {
		t.Errorf("policies by resource: %v", groups)
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// Tokens the provider did not make, the one it runs with included, are
// never listed, changed or deleted; a read of one says whose it is.
func TestTokensOfOthersAreLeftAlone(t *testing.T) {
	b, s := newBackend(t)
	ctx := context.Background()
	theirs := s.AddToken("a colleague's token", nil)
	keys, err := b.ListKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 0 {
		t.Errorf("the list holds tokens the provider did not make: %v", keys)
	}
	for _, id := range []string{theirs, s.OwnTokenID} {
		var notOurs *backend.NotOursError
		if _, err := b.GetKey(ctx, id); !errors.As(err, &notOurs) {
			t.Errorf("reading %s: %v, want a NotOursError", id, err)
		}
		if err := b.DeleteKey(ctx, id); !errors.As(err, &notOurs) {
			t.Errorf("deleting %s: %v, want a NotOursError", id, err)
		}
		if _, err := b.UpdateKey(ctx, id, reader("mine now")); !errors.As(err, &notOurs) {
			t.Errorf("updating %s: %v, want a NotOursError", id, err)
		}
		if _, ok := s.TokenOf(id); !ok {
			t.Errorf("token %s is gone", id)
		}
	}
}

// A create whose answer is lost after the token was made: the token under
// the pending name is revoked (its value is lost) and the create tried
// once more. One token, in state.
func TestLostCreateRevokesThePendingToken(t *testing.T) {
	b, s := newBackend(t)
	s.Inject(fake.Fault{Op: "POST tokens", Status: http.StatusInternalServerError, DoWork: true})
	k, err := backend.Open(b).CreateKey(context.Background(), reader("once"))
	if err != nil {
		t.Fatal(err)
	}
	if names := s.Names(); len(names) != 1 || names[k.ID] != "objectstorage: once" {
		t.Errorf("tokens: %v, want the one made", names)
	}
	if got := s.Requests()["POST tokens"]; got != 2 {
		t.Errorf("POST tokens sent %d times, want 2", got)
	}
}

// An account without an R2 permission group gets an error that names it,
// before any token is made.
func TestMissingGroupIsNamed(t *testing.T) {
	b, s := newBackend(t)
	s.RemoveGroup("Workers R2 Storage Bucket Item Write")
	_, err := backend.Open(b).CreateKey(context.Background(), reader("app"))
	if err == nil || !strings.Contains(err.Error(), `no permission group "Workers R2 Storage Bucket Item Write"`) {
		t.Fatalf("create: %v", err)
	}
	if got := s.Requests()["POST tokens"]; got != 0 {
		t.Errorf("POST tokens sent %d times", got)
	}
}

// A grant change, a rename, a switch-off and an expiry keep the token and
// its value: the secret stays.
func TestChangesKeepTheSecret(t *testing.T) {
	b, s := newBackend(t)
	keys := backend.Open(b)
	ctx := context.Background()
	spec := reader("keep")
	k, err := keys.CreateKey(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := s.TokenOf(k.ID)
	spec.Name, spec.Disabled = "kept", true
	spec.Grants = []backend.Grant{{Bucket: "data", Permission: backend.ReadWrite}}
	if _, err := keys.UpdateKey(ctx, k.ID, spec); err != nil {
		t.Fatal(err)
	}
	after, _ := s.TokenOf(k.ID)
	if after.Value != before.Value || after.Status != "disabled" || after.Name != "objectstorage: kept" {
		t.Errorf("after the update: status %s, name %q, value kept %v", after.Status, after.Name, after.Value == before.Value)
	}
}

// A refresh reads one key with one request, and many from pages of 50:
// asserted for 1 and 500 keys (an account holds at most 500 tokens).
func TestRefreshRequests(t *testing.T) {
	for _, n := range []int{1, 500} {
		t.Run(fmt.Sprintf("%d keys", n), func(t *testing.T) {
			_, s := newBackend(t)
			ids := make([]string, n)
			for i := range n {
				ids[i] = s.AddToken(fmt.Sprintf("objectstorage: k-%d", i), nil)
			}
			fresh := cloudflare.New(cloudflare.Config{URL: s.URL + "/client/v4", Token: s.Token, AccountID: s.AccountID, Jurisdiction: "default"})
			s.ResetRequests()
			backendtest.ReadLikeTerraform(t, fresh, ids)
			r := s.Requests()
			reads := r["GET token"] + r["GET tokens"]
			want := 1
			if n > 1 {
				want = 1 + (n+1+49)/50 // one read alone, then every page (the provider's own token among them)
			}
			if r["GET permission_groups"] != 1 || reads > want {
				t.Errorf("a refresh of %d keys: %v, want the groups once and at most %d reads", n, r, want)
			}
		})
	}
}

// A wrong token names the settings to check, says the operation once and
// never shows the token.
func TestRefusedCredential(t *testing.T) {
	_, s := newBackend(t)
	b := cloudflare.New(cloudflare.Config{URL: s.URL + "/client/v4", Token: "not-the-token", AccountID: s.AccountID,
		Jurisdiction: "default", Retries: backendtest.QuickRetries})
	backendtest.RefusedCredential(t, b, reader("refused"), "not-the-token", "cloudflare.api_token", "Account API Tokens Write")
}

// At Cloudflare's quota of 500 account-owned tokens a create fails saying
// so, and makes nothing.
func TestQuotaIsSaid(t *testing.T) {
	b, s := newBackend(t)
	for i := range fake.MaxTokens - 1 {
		s.AddToken(fmt.Sprintf("someone's-%d", i), nil)
	}
	_, err := backend.Open(b).CreateKey(context.Background(), reader("one-too-many"))
	if err == nil || !strings.Contains(err.Error(), "at most 500 account-owned tokens") {
		t.Fatalf("create at the quota: %v", err)
	}
}
