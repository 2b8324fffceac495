package iam_test

import (
	"context"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
)

// On SeaweedFS the IAM API takes the Admin action and nothing finer: an
// identity with every S3 right but that one makes no key, and the error
// names the IAM right the call needed and the iam block's credentials.
func TestSeaweedFSNeedsTheAdminAction(t *testing.T) {
	cfg := seaweedConfig(t)
	cfg.AccessKey, cfg.SecretKey = server.OperatorAccessKey, server.OperatorSecretKey
	_, err := backend.Open(iam.New(cfg)).CreateKey(context.Background(), backend.KeySpec{Name: "operator-made", Limited: true})
	if err == nil || !strings.Contains(err.Error(), "iam:CreateUser") || !strings.Contains(err.Error(), "access_key") {
		t.Fatalf("a create as an identity without the Admin action: %v, want an error naming iam:CreateUser and the iam block's access_key", err)
	}
	t.Log(err)
}
