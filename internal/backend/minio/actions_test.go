package minio_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"golang.org/x/sync/errgroup"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
)

func rootAdmin(t *testing.T) *acctest.Admin {
	t.Helper()
	if server == nil {
		t.Skip("needs a MinIO server: set TF_ACC=1 (make test does)")
	}
	admin, err := acctest.NewAdmin(server.Endpoint, server.User, server.Password)
	if err != nil {
		t.Fatal(err)
	}
	return admin
}

// The backend leaves out exactly the actions MinIO's policy language
// rejects. This fails when a MinIO upgrade accepts or rejects another set,
// so that the action lists and the docs are revisited. Each action is
// offered as a canned policy, which MinIO parses with the same policy
// language as a service account's embedded policy but without the admin
// encryption a service-account call costs (two argon2id derivations each).
func TestMinIORejectsExactlyTheUnsupportedActions(t *testing.T) {
	admin := rootAdmin(t)
	ctx := context.Background()
	all, err := backend.ReadWrite.Actions()
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu       sync.Mutex
		rejected []string
	)
	group := new(errgroup.Group)
	group.SetLimit(4)
	for i, action := range all {
		group.Go(func() error {
			name := fmt.Sprintf("probe-action-%04d", i)
			policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[%q],"Resource":["arn:aws:s3:::probe","arn:aws:s3:::probe/*"]}]}`, action)
			err := admin.AddCannedPolicy(ctx, name, []byte(policy))
			switch code := minio.ErrorCode(err); {
			case err == nil:
				return admin.RemoveCannedPolicy(ctx, name)
			case code == minio.CodeMalformedPolicy:
				mu.Lock()
				rejected = append(rejected, action)
				mu.Unlock()
				return nil
			default:
				return fmt.Errorf("probe %s: %w", action, err)
			}
		})
	}
	if err := group.Wait(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(rejected)
	if !slices.Equal(rejected, minio.UnsupportedActions) {
		t.Fatalf("MinIO rejects %v\nthe backend leaves out %v", rejected, minio.UnsupportedActions)
	}
}
