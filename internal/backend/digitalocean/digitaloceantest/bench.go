package digitaloceantest

import (
	"context"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
)

// bench is the DigitalOcean rows, on the fake.
var bench = acctest.BenchSetup{
	Name: "digitalocean", Counts: "1,200,1000", About: "the DigitalOcean fake",
	Start: func(context.Context, acctest.BenchShared) (acctest.BenchService, error) {
		s := fake.Start()
		// DigitalOcean's 5,000 requests an hour would stop the runs: the
		// rows measure the provider, not the service's limit.
		s.SetHourlyLimit(1 << 30)
		return acctest.BenchService{
			Provider: func(int) string { return Provider(s) },
			Driver: func() (backend.Driver, error) {
				return digitalocean.New(digitalocean.Config{Token: s.Token, URL: s.URL}), nil
			},
			Calls: s.TotalRequests, ResetCalls: s.ResetRequests, Stop: s.Close,
		}.ReadOnlyOnBench(), nil
	},
}
