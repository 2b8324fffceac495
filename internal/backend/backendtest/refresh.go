package backendtest

import (
	"context"
	"fmt"
	"testing"

	"golang.org/x/sync/errgroup"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// terraformParallelism is how many resources terraform refreshes at once
// by default.
const terraformParallelism = 10

// ReadLikeTerraform reads every id through d as a terraform refresh does:
// each key in a read of its own, ten at a time. It fails t unless every
// read answers the key it asked for.
func ReadLikeTerraform(t testing.TB, d backend.Driver, ids []string) {
	t.Helper()
	group := new(errgroup.Group)
	group.SetLimit(terraformParallelism)
	for _, id := range ids {
		group.Go(func() error {
			k, err := d.GetKey(context.Background(), id)
			if err != nil {
				return fmt.Errorf("read %s: %w", id, err)
			}
			if k.ID != id {
				return fmt.Errorf("read %s, got %s", id, k.ID)
			}
			return nil
		})
	}
	if err := group.Wait(); err != nil {
		t.Fatal(err)
	}
}
