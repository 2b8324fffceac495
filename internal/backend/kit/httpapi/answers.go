package httpapi

import (
	"encoding/json"
	"fmt"
)

// Answers reads one JSON API's answers: a successful answer's body into a
// value, anything else into the backend's own error.
type Answers struct {
	// Service names the API in errors, such as "Linode".
	Service string
	// OK reports whether a status is a success.
	OK func(status int) bool
	// Error turns an answer that is not a success into the backend's
	// typed error.
	Error func(op string, resp *Response) error
}

// Decode turns an answer into out (when not nil), or the request's failure
// (err, from Client.Do) into an error naming op.
func (a Answers) Decode(op string, resp *Response, err error, out any) error {
	switch {
	case err != nil:
		return fmt.Errorf("%s: %w", op, err)
	case !a.OK(resp.Status):
		return a.Error(op, resp)
	case out == nil:
		return nil
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return fmt.Errorf("%s: decode %s's answer: %w", op, a.Service, err)
	}
	return nil
}
