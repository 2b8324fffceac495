package cloudflaretest

import (
	"context"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare/fake"
)

// bench is the Cloudflare R2 rows, on the fake (an account holds at most
// 500 tokens).
var bench = acctest.BenchSetup{
	Name: "cloudflare", Counts: "1,200,499", About: "the Cloudflare R2 fake",
	Start: func(context.Context, acctest.BenchShared) (acctest.BenchService, error) {
		s := fake.Start()
		return acctest.BenchService{
			Provider: func(int) string { return Provider(s) },
			Driver: func() (backend.Driver, error) {
				return cloudflare.New(cloudflare.Config{URL: URL(s), Token: s.Token, AccountID: s.AccountID, Jurisdiction: "default"}), nil
			},
			Calls: s.TotalRequests, ResetCalls: s.ResetRequests, Stop: s.Close,
		}.ReadOnlyOnBench(), nil
	},
}
