package main

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// terraformParallelism is Terraform's default number of concurrent
// operations, which the driver-alone floor uses too.
const terraformParallelism = 10

// driverAlone times what the phases ask of the service through the
// provider's own driver, without Terraform or the framework: apply is N
// creates, plan N reads through a new driver (served as a refresh serves
// them), destroy N reads and N deletes through another; plan
// -refresh=false asks nothing. It leaves no key behind.
func driverAlone(ctx context.Context, svc acctest.BenchService, n int) (map[string]float64, error) {
	out := map[string]float64{"plan -refresh=false": 0}
	keys, err := open(svc)
	if err != nil {
		return nil, err
	}
	ids := make([]string, n)
	if out["apply"], err = timed(n, func(i int) error {
		k, err := keys.CreateKey(ctx, svc.Spec(i))
		ids[i] = k.ID
		return err
	}); err != nil {
		return nil, fmt.Errorf("create: %w", err)
	}
	read := func(keys *backend.Keys) func(int) error {
		return func(i int) error { _, err := keys.GetKey(ctx, ids[i]); return err }
	}
	if keys, err = open(svc); err != nil {
		return nil, err
	}
	if out["plan"], err = timed(n, read(keys)); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if keys, err = open(svc); err != nil {
		return nil, err
	}
	readSeconds, err := timed(n, read(keys))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	deleteSeconds, err := timed(n, func(i int) error { return keys.DeleteKey(ctx, ids[i]) })
	if err != nil {
		return nil, fmt.Errorf("delete: %w", err)
	}
	out["destroy"] = readSeconds + deleteSeconds
	return out, nil
}

func open(svc acctest.BenchService) (*backend.Keys, error) {
	d, err := svc.Driver()
	if err != nil {
		return nil, err
	}
	return backend.Open(d), nil
}

// timed runs do for 0..n-1, terraformParallelism at a time, and returns
// the wall time and the first error.
func timed(n int, do func(i int) error) (float64, error) {
	start := time.Now()
	var g errgroup.Group
	g.SetLimit(terraformParallelism)
	for i := range n {
		g.Go(func() error { return do(i) })
	}
	err := g.Wait()
	return time.Since(start).Seconds(), err
}
