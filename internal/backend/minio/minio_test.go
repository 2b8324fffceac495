package minio_test

import (
	"os"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// server is the MinIO server the package's tests share; nil without TF_ACC.
var server *acctest.MinIOServer

func TestMain(m *testing.M) {
	os.Exit(acctest.RunWithServer(m, &server, acctest.StartMinIO))
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

func TestConformance(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backendtest.Harness { return backendtest.Driven{D: newBackend(t, nil)} })
}
