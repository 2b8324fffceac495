package b2test

import (
	"context"
	"fmt"

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
			Provider:  func(int) string { return Provider(s) },
			Resources: acctest.BenchKeys(`bucket_access = [{ bucket = "bench", permission = "read_only" }]`),
			Spec: func(i int) backend.KeySpec {
				return backend.KeySpec{Name: fmt.Sprintf("bench-%d", i), Limited: true,
					Grants: []backend.Grant{{Bucket: "bench", Permission: backend.ReadOnly}}}
			},
			Driver: func() (backend.Driver, error) {
				return b2.New(b2.Config{URL: s.URL, KeyID: s.KeyID, ApplicationKey: s.Key}), nil
			},
			Calls: s.TotalRequests, ResetCalls: s.ResetRequests, Stop: s.Close,
		}, nil
	},
}
