package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
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

// Coded reads the error answer of an API whose errors are JSON objects
// with a code and a message (Ceph RGW's "Code", Garage's "code": field
// names match without regard to case). A 4xx without a code comes from
// something else at the URL, and is an error naming service and ending
// with hint; a 5xx or 429 without one may come from a proxy in front of
// the API, and has an empty code.
func Coded(op, service, hint string, resp *Response) (code, message string, err error) {
	var answer struct{ Code, Message string }
	if jsonErr := json.Unmarshal(resp.Body, &answer); (jsonErr != nil || answer.Code == "") && resp.Status < 500 && resp.Status != http.StatusTooManyRequests {
		return "", "", fmt.Errorf("%s: the answer (HTTP %d) is not one of %s's: it has no error code; %s", op, resp.Status, service, hint)
	}
	return answer.Code, answer.Message, nil
}
