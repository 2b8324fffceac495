package linodetest

import (
	"context"
	"fmt"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
)

// bench is the Linode rows, on the fake.
var bench = acctest.BenchSetup{
	Name: "linode", Counts: "1,200,1000,5000", About: "the Linode fake",
	Start: func(context.Context, acctest.BenchShared) (acctest.BenchService, error) {
		s := fake.Start()
		return acctest.BenchService{
			Provider: func(int) string { return Provider(s) },
			Resources: acctest.BenchKeys(`regions = ["nl-ams"]` + "\n  " +
				`bucket_access = [{ bucket = "bench", permission = "read_only", region = "nl-ams" }]`),
			Spec: func(i int) backend.KeySpec {
				return backend.KeySpec{Name: fmt.Sprintf("bench-%d", i), Limited: true, Regions: []string{"nl-ams"},
					Grants: []backend.Grant{{Bucket: "bench", Permission: backend.ReadOnly, Region: "nl-ams"}}}
			},
			Driver: func() (backend.Driver, error) {
				return linode.New(linode.Config{Token: s.Token, URL: s.URL, APIVersion: "v4"}), nil
			},
			Calls: s.TotalRequests, ResetCalls: s.ResetRequests, Stop: s.Close,
		}, nil
	},
}
