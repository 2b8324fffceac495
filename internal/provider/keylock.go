package provider

import "sync"

// keyLocks serialises changes to one key within this provider process.
// Terraform applies independent resources concurrently, and several
// objectstorage_bucket_access resources on one key each read the key's
// grants, change one and write them all back: without the lock the last
// writer would drop the others' grants.
type keyLocks struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func newKeyLocks() *keyLocks {
	return &keyLocks{locks: map[string]*sync.Mutex{}}
}

// lock takes the lock of one key and returns its release.
func (l *keyLocks) lock(keyID string) (unlock func()) {
	l.mu.Lock()
	m, ok := l.locks[keyID]
	if !ok {
		m = &sync.Mutex{}
		l.locks[keyID] = m
	}
	l.mu.Unlock()
	m.Lock()
	return m.Unlock
}
