package listcache

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// ErrPerItem, returned (wrapped) by a Reader's Load, says that single reads
// serve this process better than the list: the service refuses the list
// call, or the list costs more calls than the reads it would save. The
// Reader then reads single items for the rest of the process.
var ErrPerItem = errors.New("single reads serve better than the list")

// ErrNotYet, returned (wrapped) by a Reader's Load, says that the list would
// cost more calls than the reads seen so far: this read is served singly,
// and a later read weighs the list again.
var ErrNotYet = errors.New("the list costs more than the reads so far")

// Reader serves reads of single items. The first read of a process is one
// single read, so that a plan over one key costs one call, unless ListFirst
// is set; later reads come from the scope's list, loaded once into Cache and
// shared by concurrent readers. A load that fails with ErrPerItem turns the
// Reader to single reads for good; one that fails with ErrNotYet, or any
// other error, serves that read singly, and the next read tries the list
// again.
type Reader[T any] struct {
	Cache *Cache[T]
	Scope string
	// Load loads the scope's whole list.
	Load Loader[T]
	// One reads a single item; its errors are the read's.
	One func(ctx context.Context, id string) (T, error)
	// Missing is the error for an id the loaded list does not hold.
	Missing func(id string) error
	// ListFirst serves the first read from the list too, for a service
	// whose list is one call that costs less than a single read.
	ListFirst bool
	// Recheck reads an id the loaded list lacks singly before calling it
	// missing: the pages of a paged list shift when another client removes
	// an item while they are fetched, and a key skipped that way must not
	// look revoked.
	Recheck bool

	reads  atomic.Int64
	single atomic.Bool
}

// Get reads one item.
func (r *Reader[T]) Get(ctx context.Context, id string) (T, error) {
	n := r.reads.Add(1)
	if r.single.Load() || n == 1 && !r.ListFirst && !r.Cache.Loaded(r.Scope) {
		return r.One(ctx, id)
	}
	items, err := r.List(ctx)
	if err != nil {
		if !errors.Is(err, ErrPerItem) && !errors.Is(err, ErrNotYet) {
			tflog.Warn(ctx, "the list read failed; reading this item alone", map[string]any{"error": err.Error()})
		}
		return r.One(ctx, id)
	}
	item, ok := items[id]
	if !ok && r.Recheck {
		return r.One(ctx, id)
	}
	if !ok {
		var zero T
		return zero, r.Missing(id)
	}
	return item, nil
}

// List returns the scope's list, loading it unless loaded; an error that
// wraps ErrPerItem once single reads were chosen. The map must not be
// changed.
func (r *Reader[T]) List(ctx context.Context) (map[string]T, error) {
	return r.Cache.Get(ctx, r.Scope, r.load)
}

// Reads is the number of Get calls so far, for a Load that weighs the
// list's cost against the reads it would serve.
func (r *Reader[T]) Reads() int64 { return r.reads.Load() }

// load runs Load unless single reads were chosen, and chooses them when
// Load says so; readers that waited on that load see the choice at once.
func (r *Reader[T]) load(ctx context.Context) (map[string]T, error) {
	if r.single.Load() {
		return nil, ErrPerItem
	}
	items, err := r.Load(ctx)
	if errors.Is(err, ErrPerItem) {
		r.single.Store(true)
	}
	return items, err
}
