package minio_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/backendtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
)

// server is the MinIO server the package's tests share; nil without TF_ACC.
var server *acctest.MinIOServer

func TestMain(m *testing.M) {
	os.Exit(runWithServer(m))
}

func runWithServer(m *testing.M) int {
	if os.Getenv("TF_ACC") != "" {
		var err error
		if server, err = acctest.StartMinIO(context.Background()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer server.Stop()
	}
	return m.Run()
}

func newBackend(t *testing.T, gen minio.CredentialGenerator) *minio.Backend {
	t.Helper()
	if server == nil {
		t.Skip("needs a MinIO server: set TF_ACC=1 (make test does)")
	}
	b, err := minio.New(minio.Config{Endpoint: server.Endpoint, User: server.User, Password: server.Password, NewCredentials: gen})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type harness struct{ b *minio.Backend }

func (h harness) Driver() backend.Driver { return h.b }
func (h harness) Region() string         { return "" }
func (h harness) InstanceID() string     { return "" }

func TestConformance(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backendtest.Harness { return harness{newBackend(t, nil)} })
}
