package minio_test

import (
	"context"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
)

// The pinned server takes the PBKDF2-sealed bodies of every write, and a
// wrong admin password fails each write with an error that says so.
func TestSealedWrites(t *testing.T) {
	b := newBackend(t, nil)
	ctx := context.Background()
	spec := backend.KeySpec{Name: "sealed", Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}}
	key, err := backend.Open(b).CreateKey(ctx, spec)
	if err != nil {
		t.Fatalf("create with a sealed body: %v", err)
	}
	t.Cleanup(func() { _ = b.DeleteKey(context.Background(), key.ID) })
	spec.Name, spec.Grants = "sealed-renamed", []backend.Grant{{Bucket: "logs", Permission: backend.ReadWrite}}
	if _, err := b.UpdateKey(ctx, key.ID, spec); err != nil {
		t.Fatalf("update with a sealed body: %v", err)
	}
	got, err := b.GetKey(ctx, key.ID)
	if err != nil || got.Name != "sealed-renamed" || len(got.Grants) != 1 || got.Grants[0].Permission != backend.ReadWrite {
		t.Fatalf("the server's view after the update: %+v, %v", got, err)
	}

	wrong, err := minio.New(minio.Config{Endpoint: server.Endpoint, User: server.User, Password: server.Password + "-wrong"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = wrong.CreateKey(ctx, backend.KeySpec{Name: "wrong-password"})
	if err == nil || !strings.Contains(err.Error(), "minio.password") {
		t.Fatalf("create with a wrong admin password: want an error that names minio.password, got %v", err)
	}
	_, err = wrong.UpdateKey(ctx, key.ID, spec)
	if err == nil || !strings.Contains(err.Error(), "minio.password") {
		t.Fatalf("update with a wrong admin password: want an error that names minio.password, got %v", err)
	}
}
