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

// RefreshBound is a refresh that may cost at most [2] requests: of [1]
// keys in an account of [0] keys.
type RefreshBound [3]int

// CheckRefreshRequests counts the requests of each bound's refresh with
// count and fails the bound's subtest when they are more than it allows.
func CheckRefreshRequests(t *testing.T, bounds []RefreshBound, count func(t testing.TB, account, managed int) int) {
	for _, b := range bounds {
		account, managed, most := b[0], b[1], b[2]
		t.Run(fmt.Sprintf("%d of %d", managed, account), func(t *testing.T) {
			got := count(t, account, managed)
			t.Logf("refresh of %d keys in an account of %d: %d requests", managed, account, got)
			if got > most {
				t.Fatalf("%d requests, want at most %d", got, most)
			}
		})
	}
}
