package ceph_test

import (
	"os"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/ceph"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/ceph/cephtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

func TestMain(m *testing.M) {
	code := acctest.RunAcceptance(m)
	acctest.StopSharedServers()
	os.Exit(code)
}

// newBackend is the backend on the test binary's Ceph, as its admin user.
func newBackend(t *testing.T) *ceph.Backend {
	t.Helper()
	b, err := ceph.New(cephtest.Shared(t).Config())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestConformance(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backendtest.Harness { return backendtest.Driven{D: newBackend(t)} })
}
