package garagetest

import (
	"context"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/garage"
)

// bench is the Garage rows, on the fake.
var bench = acctest.BenchSetup{
	Name: "garage", Counts: "1,200,1000", About: "the Garage fake",
	Start: func(context.Context, acctest.BenchShared) (acctest.BenchService, error) {
		s := StartFake()
		return acctest.BenchService{
			Provider: func(int) string { return Provider(s) },
			Driver:   func() (backend.Driver, error) { return garage.New(garage.Config{Endpoint: s.URL, Token: s.Token}), nil },
			Calls:    s.TotalRequests, ResetCalls: s.ResetRequests, Stop: s.Close,
		}.ReadOnlyOnBench(), nil
	},
}
