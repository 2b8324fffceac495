package minio_test

import (
	"context"
	"errors"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

func fixedCredentials(access, secret string) minio.CredentialGenerator {
	return func() (string, string, error) { return access, secret, nil }
}

// A create retried after its answer was lost meets the key the first try
// made; that key is ours and is adopted rather than duplicated or refused.
func TestCreateAdoptsItsOwnKey(t *testing.T) {
	ctx := context.Background()
	b := newBackend(t, fixedCredentials("ADOPTME0000000000001", "adopt-secret-0000000000000000000000001"))
	spec := backend.KeySpec{Name: backendtest.UniqueName(t, "adopt"), Limited: true, Grants: []backend.Grant{{Bucket: "adopt", Permission: backend.ReadOnly}}}
	first, err := b.CreateKey(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.DeleteKey(context.Background(), first.ID) })
	again, err := b.CreateKey(ctx, spec)
	if err != nil {
		t.Fatalf("retried create: %v", err)
	}
	if again.ID != first.ID || again.SecretKey != first.SecretKey {
		t.Fatalf("retried create returned another key")
	}
	keys, err := b.ListKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := countFunc(keys, func(k backend.Key) bool { return k.ID == first.ID }); n != 1 {
		t.Fatalf("want exactly one key %s, found %d", first.ID, n)
	}
}

// An access key taken by another MinIO user is never adopted.
func TestCreateRefusesAnotherUsersKey(t *testing.T) {
	ctx := context.Background()
	const accessKey = "TAKEN000000000000001"
	b := newBackend(t, fixedCredentials(accessKey, "our-secret-0000000000000000001"))
	admin := rootAdmin(t)
	const otherUser = "other-user"
	if err := admin.AddUser(ctx, otherUser, "other-user-password"); err != nil {
		t.Fatal(err)
	}
	if err := admin.AttachPolicy(ctx, otherUser, "readwrite"); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AddServiceAccount(ctx, adminapi.AddServiceAccount{TargetUser: otherUser, AccessKey: accessKey, SecretKey: "taken-secret-000000000001"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = admin.DeleteServiceAccount(context.Background(), accessKey) })

	_, err := b.CreateKey(ctx, backend.KeySpec{Name: "not-adopted"})
	if !errors.Is(err, backend.ErrAlreadyExists) {
		t.Fatalf("want an already-exists error, got %v", err)
	}
}

func countFunc[T any](s []T, f func(T) bool) int {
	n := 0
	for _, v := range s {
		if f(v) {
			n++
		}
	}
	return n
}
