package fakeapi

import (
	"slices"
	"sync"
)

// Permissions are what a fake's credential is granted: a token's scopes,
// an API key's functions. A fake's credential may do everything until
// Limit says otherwise. Safe for concurrent use.
type Permissions struct {
	mu      sync.Mutex
	granted []string // nil: everything
}

// Limit grants exactly granted; nil grants everything again.
func (p *Permissions) Limit(granted []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.granted = granted
}

// Allow reports whether the credential holds any one of sufficient, or is
// not limited.
func (p *Permissions) Allow(sufficient ...string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.granted == nil || slices.ContainsFunc(sufficient, func(s string) bool { return slices.Contains(p.granted, s) })
}
