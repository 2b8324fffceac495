package ceph_test

import (
	"context"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/ceph"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/ceph/cephtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// operator is a backend acting as a user of the test's own with caps.
func operator(t *testing.T, s *cephtest.Server, caps string) *ceph.Backend {
	t.Helper()
	uid := "operator-" + acctest.RandomHex(t, 4)
	accessKey, secretKey := strings.ToUpper("OP"+acctest.RandomHex(t, 9)), acctest.RandomHex(t, 20)
	ctx := context.Background()
	if _, err := s.RadosgwAdmin(ctx, "user", "create", "--uid="+uid, "--display-name=operator", "--access-key="+accessKey, "--secret-key="+secretKey); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RadosgwAdmin(ctx, "caps", "add", "--uid="+uid, "--caps="+caps); err != nil {
		t.Fatal(err)
	}
	cfg := s.Config()
	cfg.AccessKey, cfg.SecretKey = accessKey, secretKey
	b, err := ceph.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The caps the guide lists are enough for every operation.
func TestLeastCapsAreEnough(t *testing.T) {
	t.Parallel()
	b := operator(t, cephtest.Shared(t), ceph.NeededCaps)
	backendtest.Run(t, func(t *testing.T) backendtest.Harness { return backendtest.Driven{D: b} })
}

// Without user-policy a create fails naming the cap, and leaves nothing
// behind; without metadata=read a list fails naming the cap.
func TestMissingCapsAreNamed(t *testing.T) {
	t.Parallel()
	s := cephtest.Shared(t)
	name := backendtest.UniqueName(t, "no-policy-cap")
	_, err := backend.Open(operator(t, s, "users=*;metadata=read")).CreateKey(context.Background(), backend.KeySpec{Name: name})
	if err == nil || !strings.Contains(err.Error(), "user-policy=*") {
		t.Errorf("a create without the user-policy cap: %v, want an error naming it", err)
	}
	if left := cephtest.KeysNamed(t, s, name); len(left) != 0 {
		t.Errorf("the refused create left %v", left)
	}
	_, err = operator(t, s, "users=*;user-policy=*").ListKeys(context.Background())
	if err == nil || !strings.Contains(err.Error(), "metadata=read") {
		t.Errorf("a list without the metadata cap: %v, want an error naming it", err)
	}
}
