package fakeapi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Contract is a service's published OpenAPI description, which a fake's
// every request and answer are checked against.
type Contract struct {
	// Document is the description itself, for checks it cannot express.
	Document *openapi3.T

	name   string
	router routers.Router
}

// LoadContract reads an OpenAPI document and serves its operations at
// serverURL (the fake's own URL, in place of the document's servers).
// Examples are not validated: published excerpts carry placeholders. An
// answer whose description an excerpt removed with the rest of the prose
// is given an empty one, which OpenAPI requires.
func LoadContract(name string, document []byte, serverURL string) (*Contract, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(document)
	if err != nil {
		return nil, fmt.Errorf("load the %s contract: %w", name, err)
	}
	for _, path := range doc.Paths.Map() {
		for _, op := range path.Operations() {
			for _, answer := range op.Responses.Map() {
				if answer.Value != nil && answer.Value.Description == nil {
					answer.Value.Description = new(string)
				}
			}
		}
	}
	if err := doc.Validate(loader.Context, openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("the %s contract itself is invalid: %w", name, err)
	}
	doc.Servers = openapi3.Servers{{URL: serverURL}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &Contract{Document: doc, name: name, router: router}, nil
}

// Check validates one exchange: the request r with its body, and the
// answer's status, headers and body. A request the fake refused (4xx) need
// not match the contract, since it is there to prove the refusal; its
// answer must.
func (c *Contract) Check(r *http.Request, body []byte, status int, header http.Header, answer []byte) error {
	req := r.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(body))
	route, pathParams, err := c.router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("no such operation in the %s contract: %w", c.name, err)
	}
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: pathParams, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	if status < 400 || status >= 500 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			return fmt.Errorf("request: %w", err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: status, Header: header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	out.SetBodyBytes(answer)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	return nil
}
