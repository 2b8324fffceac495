package fake

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

type apiError struct {
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// recorder writes Linode's answers.
type recorder struct{ *fakeapi.Answer }

func (w recorder) json(status int, v any) { w.JSON(status, v) }

func (w recorder) errors(status int, errs ...apiError) {
	w.json(status, map[string]any{"errors": errs})
}

// decodeStrict decodes a JSON body, refusing fields the contract does not
// name, as the API does.
func decodeStrict(body []byte, v any) []apiError {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		field := ""
		if _, name, ok := strings.Cut(err.Error(), "unknown field "); ok {
			field = strings.Trim(name, `"`)
		}
		return []apiError{{Field: field, Reason: "Invalid request: " + err.Error()}}
	}
	return nil
}
