package gcstest

import (
	"context"

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
			Provider: func(int) string { return Provider(s) },
			Driver:   func() (backend.Driver, error) { return gcs.New(Config(s)), nil },
			Calls:    s.TotalRequests, ResetCalls: s.ResetRequests, Stop: s.Close,
		}.ReadOnlyOnBench(), nil
	},
}
