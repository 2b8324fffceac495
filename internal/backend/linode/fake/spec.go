package fake

import (
	_ "embed"
	"fmt"
	"net/http"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// contract is the published contract of the keys operations, copied into
// testdata/ (see testdata/README.md for its origin) so that the fake is
// checked with nothing outside the repository.
//
//go:embed testdata/linode-openapi-keys.json
var contract []byte

// Validate checks every request the fake gets and every answer it gives
// against the published contract, and reports each mismatch. The
// document's paths begin with /{apiVersion} while its server URL already
// ends in /v4, so the fake's own URL is used as the server.
func (s *Server) Validate(report func(error)) error {
	c, err := fakeapi.LoadContract("Linode", contract, s.URL)
	if err != nil {
		return err
	}
	s.Observe(func(r *http.Request, body []byte, a *fakeapi.Answer) {
		if err := c.Check(r, body, a.Status, http.Header{"Content-Type": {"application/json"}}, a.Body); err != nil {
			report(fmt.Errorf("%s %s (answered %d): %w", r.Method, r.URL.Path, a.Status, err))
		}
	})
	return nil
}
