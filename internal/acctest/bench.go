package acctest

import (
	"context"
	"fmt"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// BenchSetup is one family of rows of make bench (internal/bench): a
// backend on one service, measured over several numbers of keys.
type BenchSetup struct {
	// Name names the rows and the bench's flag of their key counts, such
	// as "linode" or "iam-aws".
	Name string
	// Counts are the key counts measured by default, such as "1,200,1000".
	Counts string
	// About says what the rows run against, for the flag's help.
	About string
	// Start readies the service for one run.
	Start func(ctx context.Context, shared BenchShared) (BenchService, error)
}

// BenchShared are the servers one bench run shares between its setups.
type BenchShared struct {
	MinIO *MinIOServer
}

// BenchService is a backend ready for one run of the bench.
type BenchService struct {
	// Provider is the provider block for a run over n keys.
	Provider func(n int) string
	// Resources is the resource block of the n keys (count = var.n).
	Resources func(n int) string
	// Spec is key i of the resource block, as the driver takes it, for
	// the driver-alone floor.
	Spec func(i int) backend.KeySpec
	// Driver opens a new driver, with nothing cached, on the service.
	Driver func() (backend.Driver, error)
	// Calls counts the API calls since ResetCalls.
	Calls      func() int
	ResetCalls func()
	Stop       func()
}

// ReadOnlyOnBench gives s the keys most benches on a fake measure:
// bench-0, bench-1, ... each read_only on the bucket "bench", as the
// resource block and as the driver takes them.
func (s BenchService) ReadOnlyOnBench() BenchService {
	s.Resources = BenchKeys(`bucket_access = [{ bucket = "bench", permission = "read_only" }]`)
	s.Spec = func(i int) backend.KeySpec {
		return backend.KeySpec{Name: fmt.Sprintf("bench-%d", i), Limited: true,
			Grants: []backend.Grant{{Bucket: "bench", Permission: backend.ReadOnly}}}
	}
	return s
}

// BenchKeys is the resource block of n keys named bench-0, bench-1, ...
// with more attributes ("${count.index}" may appear in them).
func BenchKeys(attributes string) func(int) string {
	return func(int) string {
		return "resource \"objectstorage_access_key\" \"k\" {\n  count = var.n\n  name = \"bench-${count.index}\"\n  " + attributes + "\n}\n"
	}
}
