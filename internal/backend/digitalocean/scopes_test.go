package digitalocean_test

import (
	"context"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
)

// The narrowest token: the four spaces_key scopes manage keys whole;
// without one of them, the operation that needs it fails naming it.
func TestLeastPrivilegeScopes(t *testing.T) {
	ctx := context.Background()
	s := fake.StartValidated(t)
	s.SetScopes(fake.AllScopes)
	keys := backend.Open(newBackend(s))
	spec := backend.KeySpec{Name: "scoped", Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}}
	key, err := keys.CreateKey(ctx, spec)
	if err != nil {
		t.Fatalf("create with the spaces_key scopes: %v", err)
	}
	if _, err := backend.Open(newBackend(s)).GetKey(ctx, key.ID); err != nil {
		t.Fatalf("read with the spaces_key scopes: %v", err)
	}
	for _, missing := range fake.AllScopes {
		t.Run("without "+missing, func(t *testing.T) {
			var scopes fake.Scopes
			for _, sc := range fake.AllScopes {
				if sc != missing {
					scopes = append(scopes, sc)
				}
			}
			s.SetScopes(scopes)
			t.Cleanup(func() { s.SetScopes(fake.AllScopes) })
			k := backend.Open(newBackend(s))
			var err error
			switch missing {
			case "spaces_key:create_credentials":
				_, err = k.CreateKey(ctx, backend.KeySpec{Name: "refused"})
			case "spaces_key:read":
				_, err = k.GetKey(ctx, key.ID)
			case "spaces_key:update":
				_, err = k.UpdateKey(ctx, key.ID, backend.KeySpec{Name: "renamed", Limited: true, Grants: spec.Grants})
			case "spaces_key:delete":
				err = k.DeleteKey(ctx, key.ID)
			}
			if err == nil || !strings.Contains(err.Error(), missing) {
				t.Fatalf("without %s: %v, want an error naming it", missing, err)
			}
		})
	}
	if err := keys.DeleteKey(ctx, key.ID); err != nil {
		t.Fatalf("delete with the spaces_key scopes: %v", err)
	}
}
