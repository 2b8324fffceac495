package fake

import (
	_ "embed"
	"fmt"
	"net/http"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// contract is the OpenAPI excerpt of the token operations, copied into
// testdata/ (see testdata/README.md for its origin).
//
//go:embed testdata/cloudflare-openapi-tokens.json
var contract []byte

// Validate checks every request the fake gets and every answer it gives
// against the excerpt, and reports each mismatch.
func (s *Server) Validate(report func(error)) error {
	c, err := fakeapi.LoadContract("Cloudflare", contract, s.URL+"/client/v4")
	if err != nil {
		return err
	}
	s.Observe(func(r *http.Request, body []byte, a *fakeapi.Answer) {
		if a.Status >= http.StatusInternalServerError {
			// The excerpt declares 200 and 4XX answers only; a 5xx is a
			// fault a test injected, in the envelope Cloudflare's 4xx use.
			return
		}
		if r.Method == http.MethodDelete && len(body) == 0 {
			// The excerpt requires a JSON body on a delete; Cloudflare's
			// own client (cloudflare-go v6) sends none, and the API takes
			// that, so the delete is checked as if it sent {}.
			r = r.Clone(r.Context())
			r.Header.Set("Content-Type", "application/json")
			body = []byte("{}")
		}
		if err := c.Check(r, body, a.Status, a.Header, a.Body); err != nil {
			report(fmt.Errorf("%s %s (answered %d): %w", r.Method, r.URL.Path, a.Status, err))
		}
	})
	return nil
}

// StartValidated runs a fake for one test that fails the test on any
// request or answer the excerpt does not allow.
func StartValidated(t testing.TB) *Server { return fakeapi.StartValidated(t, Start) }
