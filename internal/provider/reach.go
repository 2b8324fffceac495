package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// reachCheckLimit bounds the plan-time question of what the provider's
// credential reaches: a server that does not answer costs the plan no more
// than this, and no warning.
const reachCheckLimit = 10 * time.Second

// warnBeyondReach warns, on bucket_access, of each new grant the service
// would not honour in full because the provider's own credential reaches
// less (backend.ReachChecker); where the backend cannot tell, nothing.
func warnBeyondReach(ctx context.Context, keys *backend.Keys, grants []backend.Grant, diags *diag.Diagnostics) {
	ctx, cancel := context.WithTimeout(ctx, reachCheckLimit)
	defer cancel()
	for _, s := range keys.BeyondReach(ctx, grants) {
		diags.AddAttributeWarning(path.Root("bucket_access"), "Grant Beyond the Provider's Reach", s.Detail)
	}
}
