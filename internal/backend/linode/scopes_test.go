package linode_test

import (
	"context"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
)

// The narrowest token: object_storage:read_write alone manages keys
// whole; object_storage:read_only reads them, and a create with it fails
// naming the scope and the setting.
func TestLeastPrivilegeScopes(t *testing.T) {
	ctx := context.Background()
	s := fake.StartValidated(t)
	s.SetScopes(fake.Scopes{fake.ScopeReadWrite})
	keys := backend.Open(newBackend(s))
	spec := backend.KeySpec{Name: "scoped", Limited: true, Regions: []string{"nl-ams"},
		Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly, Region: "nl-ams"}}}
	key, err := keys.CreateKey(ctx, spec)
	if err != nil {
		t.Fatalf("create with object_storage:read_write: %v", err)
	}
	spec.Name = "scoped-renamed"
	spec.KeepGrants = true
	if _, err := keys.UpdateKey(ctx, key.ID, spec); err != nil {
		t.Fatalf("rename with object_storage:read_write: %v", err)
	}

	s.SetScopes(fake.Scopes{fake.ScopeReadOnly})
	reader := backend.Open(newBackend(s))
	if _, err := reader.GetKey(ctx, key.ID); err != nil {
		t.Fatalf("read with object_storage:read_only: %v", err)
	}
	if _, err := reader.ListKeys(ctx); err != nil {
		t.Fatalf("list with object_storage:read_only: %v", err)
	}
	_, err = reader.CreateKey(ctx, backend.KeySpec{Name: "refused"})
	if err == nil || !strings.Contains(err.Error(), "object_storage:read_write") || !strings.Contains(err.Error(), "linode.token") {
		t.Fatalf("create with object_storage:read_only: %v, want an error naming object_storage:read_write and linode.token", err)
	}
	if err := reader.DeleteKey(ctx, key.ID); err == nil || !strings.Contains(err.Error(), "object_storage:read_write") {
		t.Fatalf("delete with object_storage:read_only: %v", err)
	}

	s.SetScopes(fake.Scopes{fake.ScopeReadWrite})
	if err := keys.DeleteKey(ctx, key.ID); err != nil {
		t.Fatalf("delete with object_storage:read_write: %v", err)
	}
}
