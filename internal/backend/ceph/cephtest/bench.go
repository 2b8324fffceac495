package cephtest

import (
	"context"
	"fmt"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/ceph"
)

// bench is the rows on a real Ceph of the run's own, its requests counted
// by a fault proxy that injects no fault.
var bench = acctest.BenchSetup{
	Name: "ceph", Counts: "1,200", About: "a local Ceph RGW (the ceph backend)",
	Start: func(ctx context.Context, _ acctest.BenchShared) (acctest.BenchService, error) {
		s, err := Start(ctx)
		if err != nil {
			return acctest.BenchService{}, err
		}
		proxy, err := acctest.StartFaultProxy(s.Endpoint)
		if err != nil {
			s.Stop()
			return acctest.BenchService{}, err
		}
		cfg := s.Config()
		cfg.Endpoint = "http://" + proxy.Endpoint
		return acctest.BenchService{
			Provider:  func(int) string { return Provider(s, proxy.Endpoint) },
			Resources: acctest.BenchKeys(`bucket_access = [{ bucket = "bench-${count.index % 10}", permission = "read_only" }]`),
			Spec: func(i int) backend.KeySpec {
				return backend.KeySpec{Name: fmt.Sprintf("bench-%d", i), Limited: true,
					Grants: []backend.Grant{{Bucket: fmt.Sprintf("bench-%d", i%10), Permission: backend.ReadOnly}}}
			},
			Driver:     func() (backend.Driver, error) { return ceph.New(cfg) },
			Calls:      proxy.TotalRequests,
			ResetCalls: proxy.ResetRequests,
			Stop:       func() { proxy.Close(); s.Stop() },
		}, nil
	},
}
