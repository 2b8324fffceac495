// Package fakeapi holds what the in-process fakes of the cloud APIs and the
// fault proxy in front of MinIO share: the vocabulary of faults tests
// inject, how a fault is served over HTTP, and a count of the requests each
// operation got.
package fakeapi

import (
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// Kind is one fault of the vocabulary every backend is tested against.
type Kind string

// The fault vocabulary.
const (
	RateLimited     Kind = "429 with Retry-After"
	ServerError     Kind = "500"
	BadGateway      Kind = "502"
	Unavailable     Kind = "503"
	ResetBeforeSeen Kind = "reset before the server sees the request"
	DropAfterWork   Kind = "work done, then the connection drops"
	ErrorAfterWork  Kind = "work done, then 500"
	Hang            Kind = "hang"
)

// Vocabulary lists every Kind, in the order tables show them.
var Vocabulary = []Kind{RateLimited, ServerError, BadGateway, Unavailable, ResetBeforeSeen, DropAfterWork, ErrorAfterWork, Hang}

// Operations are the operations of a key the fault matrix tries every
// fault against.
var Operations = []string{"create", "read", "update", "delete"}

// Outcome is how a cell of the fault matrix with this kind ends: a fault
// the provider can recover from ends in success; a server that never
// answers ends in a clear error when the operation's timeout runs out.
func (k Kind) Outcome() string {
	if k == Hang {
		return "clear error"
	}
	return "success"
}

// Fault returns the fault of this kind for the next request for op.
func (k Kind) Fault(op string) Fault {
	f := Fault{Op: op}
	switch k {
	case RateLimited:
		f.Status, f.RetryAfter = http.StatusTooManyRequests, "1"
	case ServerError:
		f.Status = http.StatusInternalServerError
	case BadGateway:
		f.Status = http.StatusBadGateway
	case Unavailable:
		f.Status = http.StatusServiceUnavailable
	case ResetBeforeSeen:
		f.Reset = true
	case DropAfterWork:
		f.DoWork, f.Drop = true, true
	case ErrorAfterWork:
		f.DoWork, f.Status = true, http.StatusInternalServerError
	case Hang:
		f.Hang = true
	}
	return f
}

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
	// DoWork performs the operation before the fault, as a server that did
	// the work and then failed would.
	DoWork bool
	// Drop closes the connection without an answer.
	Drop bool
	// Reset closes the connection before the request is handled at all.
	Reset bool
	// Hang never answers: the request is held until the client gives up
	// (or HangLimit passes, so that nothing waits forever).
	Hang bool
	// During runs while the request is handled, before the answer: what
	// another client does on the service at that moment.
	During func()
}

// HangLimit bounds how long a hanging request is held.
const HangLimit = 2 * time.Minute

// Serve serves a fault for one request. work performs the operation as
// the server would (its answer discarded); answer writes the API's error
// envelope with a status. It reports whether the fault answered the
// request (or left it without an answer); when it did not, the caller
// answers normally.
func Serve(w http.ResponseWriter, r *http.Request, f Fault, work func(), answer func(status int)) bool {
	if f.Reset {
		closeConnection(w, true)
		return true
	}
	if f.Hang {
		// The body is read first: only then does the server watch the
		// connection, and end the request when the client gives up.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(HangLimit):
		}
		return true
	}
	if f.During != nil {
		f.During()
	}
	if f.DoWork {
		work()
	}
	switch {
	case f.Drop:
		closeConnection(w, false)
		return true
	case f.Status != 0:
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		answer(f.Status)
		return true
	}
	return f.DoWork // the work was done; the normal answer would do it twice
}

// closeConnection ends the request's connection without an answer; reset
// makes the client see a reset rather than an orderly close.
func closeConnection(w http.ResponseWriter, reset bool) {
	hijacker, ok := w.(http.Hijacker)
	if !ok {
		panic("fakeapi: the server does not let a handler take its connection")
	}
	conn, _, err := hijacker.Hijack()
	if err != nil {
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok && reset {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
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

// Pending returns the faults not served yet.
func (r *Recorder) Pending() []Fault {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Fault(nil), r.faults...)
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
