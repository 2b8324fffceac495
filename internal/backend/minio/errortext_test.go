package minio_test

import (
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// A password MinIO refuses fails a create with an error that names the
// settings to fix, says the operation once and shows no password.
func TestRefusedPasswordIsNamed(t *testing.T) {
	if server == nil {
		t.Skip("needs a MinIO server: set TF_ACC=1 (make test does)")
	}
	b, err := minio.New(minio.Config{Endpoint: server.Endpoint, User: server.User, Password: "not-the-password-4711"})
	if err != nil {
		t.Fatal(err)
	}
	text := backendtest.RefusedCredential(t, b, backend.KeySpec{Name: "refused"}, "not-the-password-4711", "minio.user", "minio.password")
	t.Log(text)
}
