package gcstest

import (
	"context"
	"fmt"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs"
)

// bench is the Google Cloud Storage rows, on the fake: every key bound on
// one bucket, in a project of the tests' buckets.
var bench = acctest.BenchSetup{
	Name: "gcs", Counts: "1,200,1000", About: "the Google Cloud Storage fake",
	Start: func(context.Context, acctest.BenchShared) (acctest.BenchService, error) {
		s := StartFake()
		return acctest.BenchService{
			Provider:  func(int) string { return Provider(s) },
			Resources: acctest.BenchKeys(`bucket_access = [{ bucket = "bench", permission = "read_only" }]`),
			Spec: func(i int) backend.KeySpec {
				return backend.KeySpec{Name: fmt.Sprintf("bench-%d", i), Limited: true,
					Grants: []backend.Grant{{Bucket: "bench", Permission: backend.ReadOnly}}}
			},
			Driver: func() (backend.Driver, error) { return gcs.New(Config(s)), nil },
			Calls:  s.TotalRequests, ResetCalls: s.ResetRequests, Stop: s.Close,
		}, nil
	},
}
