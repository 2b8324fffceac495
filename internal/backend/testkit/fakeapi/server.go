package fakeapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
)

// API is what a fake adds to Server: how it names a request's operation,
// what it refuses before any work, how it answers, and its error envelope.
type API interface {
	// Operation names a request as the Recorder counts it ("GET keys",
	// "createcredential", ...). For a path the API does not have it
	// writes the API's answer to a and returns false.
	Operation(r *http.Request, a *Answer) (op string, ok bool)
	// Refuse writes the answer to a request refused before any work (a
	// token that is not the fake's, a scope it lacks, a spent rate limit,
	// a body that is not JSON) and returns true; else it returns false.
	Refuse(r *http.Request, body []byte, a *Answer) bool
	// Route does the request's work and writes its answer to a.
	Route(r *http.Request, body []byte, a *Answer)
	// Fail writes the API's error envelope with status, for a fault.
	Fail(a *Answer, status int)
	// Finish adds what every answer carries (such as rate-limit headers)
	// before it is observed and sent.
	Finish(a *Answer)
}

// Answer holds an answer until it is observed and sent.
type Answer struct {
	Header http.Header
	Status int
	Body   []byte
}

// NewAnswer is an empty 200 answer.
func NewAnswer() *Answer { return &Answer{Header: http.Header{}, Status: http.StatusOK} }

// JSON sets the answer to v in JSON with status.
func (a *Answer) JSON(status int, v any) {
	a.Header.Set("Content-Type", "application/json")
	a.Status = status
	a.Body, _ = json.Marshal(v)
}

// Writer lets code written for an http.ResponseWriter write the answer.
func (a *Answer) Writer() http.ResponseWriter { return answerWriter{a} }

type answerWriter struct{ a *Answer }

func (w answerWriter) Header() http.Header    { return w.a.Header }
func (w answerWriter) WriteHeader(status int) { w.a.Status = status }
func (w answerWriter) Write(b []byte) (int, error) {
	w.a.Body = append(w.a.Body, b...)
	return len(b), nil
}

// Server is the skeleton every in-process fake of a cloud API builds on: a
// loopback HTTP server that counts each request by operation (Recorder),
// serves the faults tests inject, lets a test observe every request and
// answer (to check them against the published contract), and hands the
// rest to the fake's API.
type Server struct {
	// URL is the fake's scheme and host, http://127.0.0.1:PORT.
	URL string
	Recorder

	srv     *httptest.Server
	api     API
	mu      sync.Mutex
	observe func(r *http.Request, body []byte, a *Answer)
}

// StartServer runs api on a free loopback port; Close stops it.
func StartServer(api API) *Server {
	s := &Server{api: api}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Observe calls f with every request and the answer it got.
func (s *Server) Observe(f func(r *http.Request, body []byte, a *Answer)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.observe = f
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(r.Body, 1<<20))
		// The API may read the body again, as a form.
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	send := func(a *Answer) {
		s.api.Finish(a)
		s.mu.Lock()
		observe := s.observe
		s.mu.Unlock()
		if observe != nil {
			observe(r, body, a)
		}
		for k, v := range a.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(a.Status)
		_, _ = w.Write(a.Body)
	}
	a := NewAnswer()
	op, ok := s.api.Operation(r, a)
	if !ok {
		send(a)
		return
	}
	fault, faulted := s.Record(op)
	if s.api.Refuse(r, body, a) {
		send(a)
		return
	}
	if faulted && Serve(w, r, fault,
		func() { s.api.Route(r, body, NewAnswer()) },
		func(status int) {
			failed := NewAnswer()
			s.api.Fail(failed, status)
			send(failed)
		}) {
		return
	}
	s.api.Route(r, body, a)
	send(a)
}
