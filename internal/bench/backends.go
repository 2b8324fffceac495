package main

import (
	"fmt"

	glesysfake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys/fake"
	linodefake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
)

// backendSetup prepares one backend for one run: the provider block, the
// resource block for N keys, a way to count API calls, and a cleanup.
type backendSetup struct {
	name  string
	start func() (provider, resources func(n int) string, calls *callCounter, stop func(), err error)
}

// callCounter counts API calls; the fakes count themselves, MinIO's admin
// calls through a fault proxy that injects no fault.
type callCounter struct {
	total func() int
	reset func()
}

func minioSetup(h *harness) backendSetup {
	return backendSetup{name: "minio", start: func() (func(int) string, func(int) string, *callCounter, func(), error) {
		provider := func(int) string {
			return fmt.Sprintf("provider \"objectstorage\" {\n  minio {\n    endpoint = %q\n    user = %q\n    password = %q\n  }\n}\n",
				h.proxy.Endpoint, h.minio.User, h.minio.Password)
		}
		resources := func(int) string {
			return "resource \"objectstorage_access_key\" \"k\" {\n  count = var.n\n  name = \"bench-${count.index}\"\n" +
				"  bucket_access = [{ bucket = \"bench-${count.index % 10}\", permission = \"read_only\" }]\n}\n"
		}
		return provider, resources, &callCounter{total: h.proxy.AdminCalls, reset: h.proxy.ResetRequests}, func() {}, nil
	}}
}

func linodeSetup() backendSetup {
	return backendSetup{name: "linode", start: func() (func(int) string, func(int) string, *callCounter, func(), error) {
		s := linodefake.Start()
		provider := func(int) string {
			return fmt.Sprintf("provider \"objectstorage\" {\n  linode {\n    url = %q\n    token = %q\n  }\n}\n", s.URL, s.Token)
		}
		resources := func(int) string {
			return "resource \"objectstorage_access_key\" \"k\" {\n  count = var.n\n  name = \"bench-${count.index}\"\n" +
				"  regions = [\"nl-ams\"]\n  bucket_access = [{ bucket = \"bench\", permission = \"read_only\", region = \"nl-ams\" }]\n}\n"
		}
		return provider, resources, &callCounter{total: s.TotalRequests, reset: s.ResetRequests}, s.Close, nil
	}}
}

func glesysSetup() backendSetup {
	return backendSetup{name: "glesys", start: func() (func(int) string, func(int) string, *callCounter, func(), error) {
		s := glesysfake.Start()
		s.AddInstance("os-bench", "bench")
		provider := func(int) string {
			return fmt.Sprintf("provider \"objectstorage\" {\n  glesys {\n    url = %q\n    project = %q\n    token = %q\n  }\n}\n", s.URL, s.Project, s.Token)
		}
		resources := func(int) string {
			return "resource \"objectstorage_access_key\" \"k\" {\n  count = var.n\n  name = \"bench-${count.index}\"\n  instance_id = \"os-bench\"\n}\n"
		}
		return provider, resources, &callCounter{total: s.TotalRequests, reset: s.ResetRequests}, s.Close, nil
	}}
}
