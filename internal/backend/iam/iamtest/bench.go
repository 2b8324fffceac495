package iamtest

import (
	"context"
	"fmt"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
	iamfake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam/fake"
)

// benchKeys are N keys with MinIO's rows' grants.
var benchKeys = acctest.BenchKeys(`bucket_access = [{ bucket = "bench-${count.index % 10}", permission = "read_only" }]`)

func benchSpec(i int) backend.KeySpec {
	return backend.KeySpec{Name: fmt.Sprintf("bench-%d", i), Limited: true,
		Grants: []backend.Grant{{Bucket: fmt.Sprintf("bench-%d", i%10), Permission: backend.ReadOnly}}}
}

// benchOn is the rows of the iam backend configured by cfg.
func benchOn(cfg iam.Config, calls func() int, reset, stop func()) acctest.BenchService {
	settings := []string{"endpoint", cfg.Endpoint, "access_key", cfg.AccessKey, "secret_key", cfg.SecretKey}
	if cfg.Service == iam.SeaweedFS {
		settings = append(settings, "service", string(iam.SeaweedFS))
	}
	return acctest.BenchService{
		Provider:  func(int) string { return acctest.ProviderBlock("iam", settings...) },
		Resources: benchKeys,
		Spec:      benchSpec,
		Driver:    func() (backend.Driver, error) { return iam.New(cfg), nil },
		Calls:     calls, ResetCalls: reset, Stop: stop,
	}
}

// benchSeaweedFS is the rows on a real SeaweedFS of the run's own, its
// requests counted by a fault proxy that injects no fault.
var benchSeaweedFS = acctest.BenchSetup{
	Name: "iam-seaweedfs", Counts: "1,40", About: "a local SeaweedFS (the iam backend)",
	Start: func(ctx context.Context, _ acctest.BenchShared) (acctest.BenchService, error) {
		s, err := acctest.StartSeaweedFS(ctx)
		if err != nil {
			return acctest.BenchService{}, err
		}
		proxy, err := acctest.StartFaultProxy(s.Endpoint)
		if err != nil {
			s.Stop()
			return acctest.BenchService{}, err
		}
		behind := *s
		behind.Endpoint = proxy.Endpoint
		return benchOn(behind.IAMConfig(), proxy.TotalRequests, proxy.ResetRequests, func() { proxy.Close(); s.Stop() }), nil
	},
}

// benchAWS is the rows on the fake of AWS's IAM API, with its bulk read.
var benchAWS = acctest.BenchSetup{
	Name: "iam-aws", Counts: "1,200", About: "the AWS IAM fake (the iam backend)",
	Start: func(context.Context, acctest.BenchShared) (acctest.BenchService, error) {
		s := iamfake.Start()
		cfg := iam.Config{Endpoint: s.URL, Region: "us-east-1", AccessKey: s.AccessKey, SecretKey: s.SecretKey,
			Path: iam.DefaultPath, NamePrefix: iam.DefaultNamePrefix, Service: iam.AWS}
		return benchOn(cfg, s.TotalRequests, s.ResetRequests, s.Close), nil
	},
}
