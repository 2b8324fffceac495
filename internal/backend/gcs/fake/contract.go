package fake

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// Validate checks every request the fake gets and every answer it gives
// against the Discovery documents, and reports each mismatch.
func (s *Server) Validate(report func(error)) error {
	s.Observe(func(r *http.Request, body []byte, a *fakeapi.Answer) {
		if a.Status >= http.StatusInternalServerError || r.URL.Path == TokenPath {
			return // a fault a test injected, or the token endpoint, which no Discovery document describes
		}
		if a.Status < http.StatusBadRequest {
			// A request the fake refused need not match: it is there to
			// prove the refusal.
			if err := s.contract.CheckRequest(r, body); err != nil {
				report(fmt.Errorf("%s %s: %w", r.Method, r.URL.Path, err))
			}
		}
		if err := s.contract.CheckAnswer(r, a.Status, a.Body); err != nil {
			report(fmt.Errorf("%s %s (answered %d): %w", r.Method, r.URL.Path, a.Status, err))
		}
	})
	return nil
}

// StartValidated runs a fake for one test that fails the test on any
// request or answer the Discovery documents do not allow.
func StartValidated(t testing.TB) *Server { return fakeapi.StartValidated(t, Start) }
