package fake

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
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
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(contract)
	if err != nil {
		return fmt.Errorf("load the Linode contract: %w", err)
	}
	// The document's examples are placeholders such as "{{apiVersion}}".
	if err := doc.Validate(loader.Context, openapi3.DisableExamplesValidation()); err != nil {
		return fmt.Errorf("the contract itself is invalid: %w", err)
	}
	doc.Servers = openapi3.Servers{{URL: s.URL}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return err
	}
	s.Observe(func(r *http.Request, body []byte, status int, answer []byte) {
		if err := validateExchange(router, r, body, status, answer); err != nil {
			report(fmt.Errorf("%s %s (answered %d): %w", r.Method, r.URL.Path, status, err))
		}
	})
	return nil
}

func validateExchange(router routers.Router, r *http.Request, body []byte, status int, answer []byte) error {
	req := r.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(body))
	route, pathParams, err := router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("no such operation in the contract: %w", err)
	}
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: pathParams, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	// A request the fake refuses (4xx) need not match the contract: it is
	// there to prove the refusal. Everything else must.
	if status < 400 || status >= 500 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			return fmt.Errorf("request: %w", err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: status, Header: http.Header{"Content-Type": {"application/json"}},
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	out.SetBodyBytes(answer)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	return nil
}
