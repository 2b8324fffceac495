package backend

import "context"

// ReachChecker is a driver that can tell, at plan time, which grants its
// service would not honour in full because the credential the provider
// acts as reaches less than they say (on MinIO a key gets at most its
// user's rights).
type ReachChecker interface {
	// BeyondReach returns the grants a key would not get in full, each
	// with the reason. An error means the driver could not tell.
	BeyondReach(ctx context.Context, grants []Grant) ([]Shortfall, error)
}

// Shortfall is a grant a key would not get in full, and why.
type Shortfall struct {
	Grant  Grant
	Detail string
}

// BeyondReach returns the grants the service would not honour in full, as
// far as the driver can tell; nothing where it cannot.
func (k *Keys) BeyondReach(ctx context.Context, grants []Grant) []Shortfall {
	checker, ok := k.driver.(ReachChecker)
	if !ok || len(grants) == 0 {
		return nil
	}
	shortfalls, err := checker.BeyondReach(ctx, grants)
	if err != nil {
		return nil
	}
	return shortfalls
}
