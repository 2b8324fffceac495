// Package listcache serves many reads from one list call. Terraform reads
// each resource separately; a backend whose service can list many keys in
// one call loads that list once per scope (the account, an instance),
// lets concurrent readers wait on the same load, and keeps it current with
// this process's own writes. Nothing outlives the provider process.
package listcache

import (
	"context"
	"sync"
)

// Cache holds one loaded list per scope, items by id.
type Cache[T any] struct {
	mu      sync.Mutex
	entries map[string]*entry[T]
	writes  map[string]uint64
}

type entry[T any] struct {
	done  chan struct{} // closed when the load has finished
	items map[string]T
	err   error
}

// Loader loads a scope's whole list, items by id.
type Loader[T any] func(ctx context.Context) (map[string]T, error)

// Get returns the scope's list, loading it with load unless it is loaded or
// being loaded. A failed load is not kept: the next Get tries again. The
// returned map must not be changed.
func (c *Cache[T]) Get(ctx context.Context, scope string, load Loader[T]) (map[string]T, error) {
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[string]*entry[T]{}
	}
	e, ok := c.entries[scope]
	if !ok {
		e = &entry[T]{done: make(chan struct{})}
		c.entries[scope] = e
		c.mu.Unlock()
		items, err := load(ctx)
		c.mu.Lock()
		defer c.mu.Unlock()
		// The entry is written under the lock and the caller gets the
		// loaded map itself: once done is closed, a concurrent Put may
		// replace e.items at any moment.
		e.items, e.err = items, err
		if err != nil && c.entries[scope] == e {
			delete(c.entries, scope)
		}
		close(e.done)
		return items, err
	}
	c.mu.Unlock()
	select {
	case <-e.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if e.err != nil {
		return c.Get(ctx, scope, load) // the load that failed was not ours
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return e.items, nil
}

// Loaded reports whether the scope's list is loaded.
func (c *Cache[T]) Loaded(scope string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[scope]
	if !ok {
		return false
	}
	select {
	case <-e.done:
		return e.err == nil
	default:
		return false
	}
}

// Put records an item this process wrote, when the scope is loaded.
func (c *Cache[T]) Put(scope, id string, item T) {
	c.update(scope, func(items map[string]T) { items[id] = item })
}

// Delete forgets an item this process removed, when the scope is loaded.
func (c *Cache[T]) Delete(scope, id string) {
	c.update(scope, func(items map[string]T) { delete(items, id) })
}

// Writes counts the writes recorded for the scope (Put, Delete,
// Invalidate), loaded or not: a Loader that keeps part of a list between
// loads keeps it only while this count stays the same.
func (c *Cache[T]) Writes(scope string) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writes[scope]
}

// wrote counts a write; c.mu is held.
func (c *Cache[T]) wrote(scope string) {
	if c.writes == nil {
		c.writes = map[string]uint64{}
	}
	c.writes[scope]++
}

// update copies the loaded list on write, so maps handed out by Get never
// change under their readers.
func (c *Cache[T]) update(scope string, change func(map[string]T)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.wrote(scope)
	e, ok := c.entries[scope]
	if !ok {
		return
	}
	select {
	case <-e.done:
	default:
		// A load is running and may miss this write: start over after it.
		delete(c.entries, scope)
		return
	}
	if e.err != nil {
		return
	}
	items := make(map[string]T, len(e.items)+1)
	for k, v := range e.items {
		items[k] = v
	}
	change(items)
	e.items = items
}

// Invalidate drops the scope's list: the next Get loads it again. Used when
// a write's outcome is unknown.
func (c *Cache[T]) Invalidate(scope string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.wrote(scope)
	delete(c.entries, scope)
}
