package iam_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/backendtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
)

var server *acctest.SeaweedFSServer

func TestMain(m *testing.M) {
	os.Exit(runWithServer(m))
}

func runWithServer(m *testing.M) int {
	if os.Getenv("TF_ACC") != "" {
		var err error
		if server, err = acctest.StartSeaweedFS(context.Background()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer server.Stop()
	}
	return m.Run()
}

// seaweedConfig is the backend's configuration for the test server.
func seaweedConfig(t *testing.T) iam.Config {
	t.Helper()
	if server == nil {
		t.Skip("needs the pinned SeaweedFS: set TF_ACC=1 (make test does)")
	}
	return server.IAMConfig()
}

type harness struct{ b *iam.Backend }

func (h harness) Driver() backend.Driver { return h.b }
func (h harness) Region() string         { return "" }
func (h harness) InstanceID() string     { return "" }

func TestConformance(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backendtest.Harness { return harness{iam.New(seaweedConfig(t))} })
}
