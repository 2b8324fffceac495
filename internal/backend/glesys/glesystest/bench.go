package glesystest

import (
	"context"
	"fmt"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys/fake"
)

// bench is the GleSYS rows, on the fake with one instance.
var bench = acctest.BenchSetup{
	Name: "glesys", Counts: "30", About: "the GleSYS fake",
	Start: func(context.Context, acctest.BenchShared) (acctest.BenchService, error) {
		s := fake.Start()
		s.AddInstance("os-bench", "bench")
		return acctest.BenchService{
			Provider:  func(int) string { return Provider(s) },
			Resources: acctest.BenchKeys(`instance_id = "os-bench"`),
			Spec: func(i int) backend.KeySpec {
				return backend.KeySpec{Name: fmt.Sprintf("bench-%d", i), InstanceID: "os-bench"}
			},
			Driver: func() (backend.Driver, error) {
				return glesys.New(glesys.Config{URL: s.URL, Project: s.Project, Token: s.Token}), nil
			},
			Calls: s.TotalRequests, ResetCalls: s.ResetRequests, Stop: s.Close,
		}, nil
	},
}
