package fake

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// contract is the published contract of the Spaces keys operations, copied
// into testdata/ (see testdata/README.md for its origin) so that the fake is
// checked with nothing outside the repository.
//
//go:embed testdata/digitalocean-openapi-spaces-keys.json
var contract []byte

// Validate checks every request the fake gets and every answer it gives,
// headers included, against the published contract, and reports each
// mismatch.
//
// One answer needs more: the contract's schema for GET
// /v2/spaces/keys/{access_key} describes a "keys" list (with nothing
// required, so any object passes), while the API's documentation and the
// official client read {"key": {...}}. The fake answers what the client
// reads, and checks that "key" against the key object of the update's
// answer, which the contract does describe.
func (s *Server) Validate(report func(error)) error {
	c, err := fakeapi.LoadContract("DigitalOcean", contract, s.URL)
	if err != nil {
		return err
	}
	keySchema, err := updatedKeySchema(c.Document)
	if err != nil {
		return err
	}
	s.Observe(func(r *http.Request, body []byte, a *fakeapi.Answer) {
		err := c.Check(r, body, a.Status, a.Header, a.Body)
		if op, _, _ := operation(r); err == nil && op == "GET key" && a.Status == http.StatusOK {
			err = checkKey(keySchema, a.Body)
		}
		if err != nil {
			report(fmt.Errorf("%s %s (answered %d): %w", r.Method, r.URL.Path, a.Status, err))
		}
	})
	return nil
}

// updatedKeySchema is the schema of "key" in PUT's 200 answer.
func updatedKeySchema(doc *openapi3.T) (*openapi3.Schema, error) {
	path := doc.Paths.Find("/v2/spaces/keys/{access_key}")
	if path == nil || path.Put == nil {
		return nil, errors.New("the DigitalOcean contract has no PUT /v2/spaces/keys/{access_key}")
	}
	ok := path.Put.Responses.Status(http.StatusOK)
	if ok == nil || ok.Value == nil || ok.Value.Content.Get("application/json") == nil {
		return nil, errors.New("the DigitalOcean contract's PUT answers no JSON on 200")
	}
	key := ok.Value.Content.Get("application/json").Schema.Value.Properties["key"]
	if key == nil || key.Value == nil {
		return nil, errors.New("the DigitalOcean contract's PUT answer has no key object")
	}
	return key.Value, nil
}

// checkKey checks a GET answer's key: a key object, and no secret, which
// the API shows only when it creates a key.
func checkKey(schema *openapi3.Schema, answer []byte) error {
	var root struct {
		Key map[string]any `json:"key"`
	}
	if err := json.Unmarshal(answer, &root); err != nil || root.Key == nil {
		return fmt.Errorf("answer: no key object (%v)", err)
	}
	if _, ok := root.Key["secret_key"]; ok {
		return errors.New("answer: a read shows the secret")
	}
	if err := schema.VisitJSON(root.Key); err != nil {
		return fmt.Errorf("answer: key: %w", err)
	}
	return nil
}
