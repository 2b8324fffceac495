package main

import (
	"context"
	"fmt"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
	iamfake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam/fake"
)

// iamKeys is the resource block and the driver's spec of N IAM keys, the
// same grants as MinIO's.
func iamKeys() (func(int) string, func(int) backend.KeySpec) {
	return func(int) string {
			return "resource \"objectstorage_access_key\" \"k\" {\n  count = var.n\n  name = \"bench-${count.index}\"\n" +
				"  bucket_access = [{ bucket = \"bench-${count.index % 10}\", permission = \"read_only\" }]\n}\n"
		}, func(i int) backend.KeySpec {
			return backend.KeySpec{Name: fmt.Sprintf("bench-%d", i), Limited: true,
				Grants: []backend.Grant{{Bucket: fmt.Sprintf("bench-%d", i%10), Permission: backend.ReadOnly}}}
		}
}

// seaweedfsSetup is the IAM backend on a real SeaweedFS, its requests
// counted by a fault proxy that injects no fault.
func seaweedfsSetup(ctx context.Context) backendSetup {
	return backendSetup{name: "iam-seaweedfs", start: func() (service, error) {
		s, err := acctest.StartSeaweedFS(ctx)
		if err != nil {
			return service{}, err
		}
		proxy, err := acctest.StartFaultProxy(s.Endpoint)
		if err != nil {
			s.Stop()
			return service{}, err
		}
		behind := *s
		behind.Endpoint = proxy.Endpoint
		cfg := behind.IAMConfig()
		resources, spec := iamKeys()
		return service{
			provider: func(int) string {
				return fmt.Sprintf("provider \"objectstorage\" {\n  iam {\n    endpoint = %q\n    access_key = %q\n    secret_key = %q\n    service = \"seaweedfs\"\n  }\n}\n",
					cfg.Endpoint, cfg.AccessKey, cfg.SecretKey)
			},
			resources: resources, spec: spec,
			driver: func() (backend.Driver, error) { return iam.New(cfg), nil },
			calls:  &callCounter{total: proxy.TotalRequests, reset: proxy.ResetRequests},
			stop:   func() { proxy.Close(); s.Stop() },
		}, nil
	}}
}

// awsIAMSetup is the IAM backend on the fake of AWS's IAM API, with its
// bulk read.
func awsIAMSetup() backendSetup {
	return backendSetup{name: "iam-aws", start: func() (service, error) {
		s := iamfake.Start()
		cfg := iam.Config{Endpoint: s.URL, Region: "us-east-1", AccessKey: s.AccessKey, SecretKey: s.SecretKey,
			Path: iam.DefaultPath, NamePrefix: iam.DefaultNamePrefix, Service: iam.AWS}
		resources, spec := iamKeys()
		return service{
			provider: func(int) string {
				return fmt.Sprintf("provider \"objectstorage\" {\n  iam {\n    endpoint = %q\n    access_key = %q\n    secret_key = %q\n  }\n}\n",
					cfg.Endpoint, cfg.AccessKey, cfg.SecretKey)
			},
			resources: resources, spec: spec,
			driver: func() (backend.Driver, error) { return iam.New(cfg), nil },
			calls:  &callCounter{total: s.TotalRequests, reset: s.ResetRequests},
			stop:   s.Close,
		}, nil
	}}
}
