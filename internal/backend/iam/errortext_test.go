package iam_test

import (
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// A secret key SeaweedFS refuses fails a create with an error that says
// the operation once and shows no secret.
func TestRefusedCredentialIsNamed(t *testing.T) {
	cfg := seaweedConfig(t)
	cfg.SecretKey = "not-the-secret-4711"
	text := backendtest.RefusedCredential(t, iam.New(cfg), backend.KeySpec{Name: "refused", Limited: true}, cfg.SecretKey, "create key")
	t.Log(text)
}

// SeaweedFS behind an iam block left at service = "aws" refuses AWS's
// actions by name: the error says which setting fixes it.
func TestSeaweedFSWithoutItsServiceIsNamed(t *testing.T) {
	cfg := seaweedConfig(t)
	cfg.Service = iam.AWS
	spec := backend.KeySpec{Name: "aws-language", Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadWrite}}}
	text := backendtest.RefusedCredential(t, iam.New(cfg), spec, "", "not a valid action", `service = "seaweedfs"`, "OBJECTSTORAGE_IAM_SERVICE")
	t.Log(text)
}
