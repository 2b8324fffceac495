package minio

import (
	"net/http"
	"runtime"
	"sync"
)

// Every admin call derives a key with argon2id twice, once for the request
// and once for the answer, and each derivation allocates 64 MiB that is
// garbage as soon as it returns. Left to itself the garbage collector
// notices only after the next block is allocated, so a provider making
// many calls holds two or three blocks at once. The backend therefore
// makes one admin call at a time and reclaims each block before the next
// derivation: in the transport, between the request's derivation and the
// answer's, and after the call. MinIO serialises its own derivations too,
// so little parallelism is lost.
type callGate struct {
	mu sync.Mutex
}

// do runs one admin call alone and reclaims its last block afterwards.
func (g *callGate) do(call func() error) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	defer runtime.GC()
	return call()
}

// reclaimingTransport reclaims the request's derivation block before the
// request goes out, so the answer's derivation does not stack on it.
type reclaimingTransport struct {
	next http.RoundTripper
}

func (t reclaimingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	runtime.GC()
	return t.next.RoundTrip(r)
}
