package backendtest

import (
	"context"
	"sync/atomic"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// countingDriver counts the calls that reach the driver, so the suite can
// tell that the portable layer refused a request on its own.
type countingDriver struct {
	backend.Driver
	count atomic.Int64
}

func (d *countingDriver) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	d.count.Add(1)
	return d.Driver.CreateKey(ctx, spec)
}

func (d *countingDriver) GetKey(ctx context.Context, id string) (backend.Key, error) {
	d.count.Add(1)
	return d.Driver.GetKey(ctx, id)
}

func (d *countingDriver) ListKeys(ctx context.Context) ([]backend.Key, error) {
	d.count.Add(1)
	return d.Driver.ListKeys(ctx)
}

func (d *countingDriver) UpdateKey(ctx context.Context, id string, spec backend.KeySpec) (backend.Key, error) {
	d.count.Add(1)
	return d.Driver.UpdateKey(ctx, id, spec)
}

func (d *countingDriver) DeleteKey(ctx context.Context, id string) error {
	d.count.Add(1)
	return d.Driver.DeleteKey(ctx, id)
}

func (d *countingDriver) SetGrant(ctx context.Context, keyID string, grant backend.Grant) error {
	d.count.Add(1)
	return d.Driver.SetGrant(ctx, keyID, grant)
}

func (d *countingDriver) RemoveGrant(ctx context.Context, keyID string, grant backend.Grant) error {
	d.count.Add(1)
	return d.Driver.RemoveGrant(ctx, keyID, grant)
}
