package miniotest

import (
	"context"
	"fmt"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
)

// benchKeys are N keys, each read_only on one of ten buckets.
var benchKeys = acctest.BenchKeys(`bucket_access = [{ bucket = "bench-${count.index % 10}", permission = "read_only" }]`)

func benchSpec(i int) backend.KeySpec {
	return backend.KeySpec{Name: fmt.Sprintf("bench-%d", i), Limited: true,
		Grants: []backend.Grant{{Bucket: fmt.Sprintf("bench-%d", i%10), Permission: backend.ReadOnly}}}
}

// bench is the MinIO rows: the bench's local MinIO, its admin calls
// counted by a fault proxy that injects no fault.
var bench = acctest.BenchSetup{
	Name: "minio", Counts: "1,40,200,1000", About: "the local MinIO",
	Start: func(_ context.Context, shared acctest.BenchShared) (acctest.BenchService, error) {
		s := shared.MinIO
		proxy, err := acctest.StartFaultProxy(s.Endpoint)
		if err != nil {
			return acctest.BenchService{}, err
		}
		return acctest.BenchService{
			Provider:  func(int) string { return Provider(s, proxy.Endpoint) },
			Resources: benchKeys,
			Spec:      benchSpec,
			Driver: func() (backend.Driver, error) {
				return minio.New(minio.Config{Endpoint: proxy.Endpoint, User: s.User, Password: s.Password})
			},
			Calls: proxy.AdminCalls, ResetCalls: proxy.ResetRequests, Stop: proxy.Close,
		}, nil
	},
}
