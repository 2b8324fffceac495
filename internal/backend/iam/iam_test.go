package iam_test

import (
	"os"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

var server *acctest.SeaweedFSServer

func TestMain(m *testing.M) {
	run := func() int { return acctest.RunWithServer(m, &server, acctest.StartSeaweedFS) }
	if os.Getenv("TF_ACC") != "" {
		// The acceptance stories run terraform, with an empty CLI
		// configuration.
		os.Exit(acctest.WithEmptyCLIConfig(run))
	}
	os.Exit(run())
}

// seaweedConfig is the backend's configuration for the test server.
func seaweedConfig(t *testing.T) iam.Config {
	t.Helper()
	if server == nil {
		t.Skip("needs the pinned SeaweedFS: set TF_ACC=1 (make test does)")
	}
	return server.IAMConfig()
}

func TestConformance(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backendtest.Harness { return backendtest.Driven{D: iam.New(seaweedConfig(t))} })
}
