package main

import (
	"fmt"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean"
	dofake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys"
	glesysfake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode"
	linodefake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
)

// backendSetup prepares one backend for one run.
type backendSetup struct {
	name  string
	start func() (service, error)
}

// service is one backend ready for a run: the provider block, the resource
// block for N keys, the same keys as the driver takes them, a way to count
// API calls, and a cleanup.
type service struct {
	provider, resources func(n int) string
	// spec is key i of the resource block, for the driver-alone floor.
	spec func(i int) backend.KeySpec
	// driver opens a new driver, with nothing cached, on the service.
	driver func() (backend.Driver, error)
	calls  *callCounter
	stop   func()
}

// callCounter counts API calls; the fakes count themselves, MinIO's admin
// calls through a fault proxy that injects no fault.
type callCounter struct {
	total func() int
	reset func()
}

func minioSetup(h *harness) backendSetup {
	return backendSetup{name: "minio", start: func() (service, error) {
		return service{
			provider: func(int) string {
				return fmt.Sprintf("provider \"objectstorage\" {\n  minio {\n    endpoint = %q\n    user = %q\n    password = %q\n  }\n}\n",
					h.proxy.Endpoint, h.minio.User, h.minio.Password)
			},
			resources: func(int) string {
				return "resource \"objectstorage_access_key\" \"k\" {\n  count = var.n\n  name = \"bench-${count.index}\"\n" +
					"  bucket_access = [{ bucket = \"bench-${count.index % 10}\", permission = \"read_only\" }]\n}\n"
			},
			spec: func(i int) backend.KeySpec {
				return backend.KeySpec{Name: fmt.Sprintf("bench-%d", i), Limited: true,
					Grants: []backend.Grant{{Bucket: fmt.Sprintf("bench-%d", i%10), Permission: backend.ReadOnly}}}
			},
			driver: func() (backend.Driver, error) {
				return minio.New(minio.Config{Endpoint: h.proxy.Endpoint, User: h.minio.User, Password: h.minio.Password})
			},
			calls: &callCounter{total: h.proxy.AdminCalls, reset: h.proxy.ResetRequests},
			stop:  func() {},
		}, nil
	}}
}

func linodeSetup() backendSetup {
	return backendSetup{name: "linode", start: func() (service, error) {
		s := linodefake.Start()
		return service{
			provider: func(int) string {
				return fmt.Sprintf("provider \"objectstorage\" {\n  linode {\n    url = %q\n    token = %q\n  }\n}\n", s.URL, s.Token)
			},
			resources: func(int) string {
				return "resource \"objectstorage_access_key\" \"k\" {\n  count = var.n\n  name = \"bench-${count.index}\"\n" +
					"  regions = [\"nl-ams\"]\n  bucket_access = [{ bucket = \"bench\", permission = \"read_only\", region = \"nl-ams\" }]\n}\n"
			},
			spec: func(i int) backend.KeySpec {
				return backend.KeySpec{Name: fmt.Sprintf("bench-%d", i), Limited: true, Regions: []string{"nl-ams"},
					Grants: []backend.Grant{{Bucket: "bench", Permission: backend.ReadOnly, Region: "nl-ams"}}}
			},
			driver: func() (backend.Driver, error) {
				return linode.New(linode.Config{Token: s.Token, URL: s.URL, APIVersion: "v4"}), nil
			},
			calls: &callCounter{total: s.TotalRequests, reset: s.ResetRequests},
			stop:  s.Close,
		}, nil
	}}
}

func digitaloceanSetup() backendSetup {
	return backendSetup{name: "digitalocean", start: func() (service, error) {
		s := dofake.Start()
		// DigitalOcean's 5,000 requests an hour would stop the runs: the
		// rows measure the provider, not the service's limit.
		s.SetHourlyLimit(1 << 30)
		return service{
			provider: func(int) string {
				return fmt.Sprintf("provider \"objectstorage\" {\n  digitalocean {\n    url = %q\n    token = %q\n  }\n}\n", s.URL, s.Token)
			},
			resources: func(int) string {
				return "resource \"objectstorage_access_key\" \"k\" {\n  count = var.n\n  name = \"bench-${count.index}\"\n" +
					"  bucket_access = [{ bucket = \"bench\", permission = \"read_only\" }]\n}\n"
			},
			spec: func(i int) backend.KeySpec {
				return backend.KeySpec{Name: fmt.Sprintf("bench-%d", i), Limited: true,
					Grants: []backend.Grant{{Bucket: "bench", Permission: backend.ReadOnly}}}
			},
			driver: func() (backend.Driver, error) {
				return digitalocean.New(digitalocean.Config{Token: s.Token, URL: s.URL}), nil
			},
			calls: &callCounter{total: s.TotalRequests, reset: s.ResetRequests},
			stop:  s.Close,
		}, nil
	}}
}

func glesysSetup() backendSetup {
	return backendSetup{name: "glesys", start: func() (service, error) {
		s := glesysfake.Start()
		s.AddInstance("os-bench", "bench")
		return service{
			provider: func(int) string {
				return fmt.Sprintf("provider \"objectstorage\" {\n  glesys {\n    url = %q\n    project = %q\n    token = %q\n  }\n}\n", s.URL, s.Project, s.Token)
			},
			resources: func(int) string {
				return "resource \"objectstorage_access_key\" \"k\" {\n  count = var.n\n  name = \"bench-${count.index}\"\n  instance_id = \"os-bench\"\n}\n"
			},
			spec: func(i int) backend.KeySpec {
				return backend.KeySpec{Name: fmt.Sprintf("bench-%d", i), InstanceID: "os-bench"}
			},
			driver: func() (backend.Driver, error) {
				return glesys.New(glesys.Config{URL: s.URL, Project: s.Project, Token: s.Token}), nil
			},
			calls: &callCounter{total: s.TotalRequests, reset: s.ResetRequests},
			stop:  s.Close,
		}, nil
	}}
}
