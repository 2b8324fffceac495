package b2test

import (
	"context"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2"
)

// bench is the B2 rows, on the fake.
var bench = acctest.BenchSetup{
	Name: "b2", Counts: "1,200,1000", About: "the Backblaze B2 fake",
	Start: func(context.Context, acctest.BenchShared) (acctest.BenchService, error) {
		s := StartFake()
		return acctest.BenchService{
			Provider: func(int) string { return Provider(s) },
			Driver: func() (backend.Driver, error) {
				return b2.New(b2.Config{URL: s.URL, KeyID: s.KeyID, ApplicationKey: s.Key}), nil
			},
			Calls: s.TotalRequests, ResetCalls: s.ResetRequests, Stop: s.Close,
		}.ReadOnlyOnBench(), nil
	},
}
