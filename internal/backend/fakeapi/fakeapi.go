// Package fakeapi holds what the in-process fakes of the cloud APIs share:
// a count of the requests each operation got, and a queue of faults that
// tests inject.
package fakeapi

import (
	"sync"
	"time"
)

// Fault is an answer a fake gives once, instead of the normal one, to the
// next request for an operation.
type Fault struct {
	// Op names the operation, as the fake counts it ("POST keys",
	// "createcredential", ...).
	Op string
	// Status is answered with the API's error envelope; 0 answers normally.
	Status int
	// RetryAfter is sent as the Retry-After header when set.
	RetryAfter string
	// AfterCreate performs the operation before answering Status, as a
	// server that made the key and then failed would.
	AfterCreate bool
	// Delay is waited before answering.
	Delay time.Duration
}

// Recorder counts requests per operation and hands out injected faults.
type Recorder struct {
	mu     sync.Mutex
	counts map[string]int
	faults []Fault
}

// Inject queues faults, answered in order to matching requests.
func (r *Recorder) Inject(faults ...Fault) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.faults = append(r.faults, faults...)
}

// Record counts a request for op and returns the fault queued for it.
func (r *Recorder) Record(op string) (Fault, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.counts == nil {
		r.counts = map[string]int{}
	}
	r.counts[op]++
	for i, f := range r.faults {
		if f.Op == op {
			r.faults = append(r.faults[:i], r.faults[i+1:]...)
			return f, true
		}
	}
	return Fault{}, false
}

// Requests returns how many requests each operation got.
func (r *Recorder) Requests() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.counts))
	for k, v := range r.counts {
		out[k] = v
	}
	return out
}

// TotalRequests counts every request since the start or the last reset.
func (r *Recorder) TotalRequests() int {
	n := 0
	for _, v := range r.Requests() {
		n += v
	}
	return n
}

// ResetRequests zeroes the counts.
func (r *Recorder) ResetRequests() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts = map[string]int{}
}
