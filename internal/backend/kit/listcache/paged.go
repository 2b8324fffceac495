package listcache

import (
	"context"
	"fmt"
	"sync"
)

// Paged loads a list that the service serves in numbered pages, for a
// Reader whose single reads cost one call each: the list pays for itself
// only once the reads outnumber its pages.
//
// ForReads fetches the rest of the list once it costs no more calls than
// the reads seen so far. Until then each read goes singly and page 1 is
// kept, so the choice is weighed again at every read and never made for
// good from how many reads happened to have arrived when page 1 did. Like
// renting skis until the rent would have bought them, this costs at most
// about twice the cheaper of all-single and list-after-one: at most
// pages-1 single reads (plus those already waiting) before the list.
type Paged[T any] struct {
	// Cache and Scope are the Reader's; the cache's write count tells when
	// the kept page 1 may be stale.
	Cache *Cache[T]
	Scope string
	// Page fetches page n (from 1): its items and how many pages the list
	// has now.
	Page func(ctx context.Context, n int) (items []T, pages int, err error)
	// ID names an item as the Reader looks it up.
	ID func(T) string
	// Reads counts the reads so far (the Reader's Reads).
	Reads func() int64
	// MaxPages bounds the pages one load fetches.
	MaxPages int

	mu     sync.Mutex
	first  *page[T]
	writes uint64 // the cache's write count when first was fetched
}

type page[T any] struct {
	items []T
	pages int
}

var errListNotYet = fmt.Errorf("the rest of the list costs more calls than the reads so far: %w", ErrNotYet)

// ForReads is a Reader's Load: the whole list once the reads so far pay
// for its remaining pages, ErrNotYet before.
func (p *Paged[T]) ForReads(ctx context.Context) (map[string]T, error) {
	first, err := p.firstPage(ctx)
	if err != nil {
		return nil, err
	}
	if int64(first.pages-1) > p.Reads() {
		return nil, errListNotYet
	}
	return p.rest(ctx, first)
}

// All fetches every page.
func (p *Paged[T]) All(ctx context.Context) (map[string]T, error) {
	items, pages, err := p.Page(ctx, 1)
	if err != nil {
		return nil, err
	}
	return p.rest(ctx, page[T]{items, pages})
}

// firstPage returns page 1, fetched again only when this process wrote an
// item since: a write may shift items between pages. The cache runs one
// load at a time, so holding the lock across the call delays no other
// load.
func (p *Paged[T]) firstPage(ctx context.Context) (page[T], error) {
	writes := p.Cache.Writes(p.Scope)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.first != nil && p.writes == writes {
		return *p.first, nil
	}
	items, pages, err := p.Page(ctx, 1)
	if err != nil {
		return page[T]{}, err
	}
	p.first, p.writes = &page[T]{items, pages}, writes
	return *p.first, nil
}

func (p *Paged[T]) rest(ctx context.Context, first page[T]) (map[string]T, error) {
	all := make(map[string]T, len(first.items)*max(1, first.pages))
	add := func(items []T) {
		for _, item := range items {
			all[p.ID(item)] = item
		}
	}
	add(first.items)
	for n := 2; n <= min(first.pages, p.MaxPages); n++ {
		items, _, err := p.Page(ctx, n)
		if err != nil {
			return nil, err
		}
		add(items)
	}
	return all, nil
}
