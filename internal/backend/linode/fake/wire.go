package fake

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
)

type apiError struct {
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// recorder holds an answer until it is observed and sent.
type recorder struct {
	header http.Header
	status int
	body   []byte
}

func newRecorder() *recorder {
	return &recorder{header: http.Header{}, status: http.StatusOK}
}

func (w *recorder) json(status int, v any) {
	w.header.Set("Content-Type", "application/json")
	w.status = status
	w.body, _ = json.Marshal(v)
}

func (w *recorder) errors(status int, errs ...apiError) {
	w.json(status, map[string]any{"errors": errs})
}

func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	defer r.Body.Close()
	return io.ReadAll(io.LimitReader(r.Body, 1<<20))
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
