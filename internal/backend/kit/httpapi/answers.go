package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
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

// CodedError is an error answer of an API whose errors carry a code
// (Coded): Ceph RGW's admin API, Garage's, Backblaze B2's.
type CodedError struct {
	Op, Service   string
	Status        int
	Code, Message string
	// Advice, for a code the backend explains (a refused credential), says
	// what happened and what to check, in place of the plain text.
	Advice string
	// Gone marks a code that means what was asked for does not exist: the
	// error is then a backend.ErrNotFound.
	Gone bool
}

func (e *CodedError) Error() string {
	if e.Advice != "" {
		return e.Op + ": " + e.Advice
	}
	text := fmt.Sprintf("%s: %s answered HTTP %d %s", e.Op, e.Service, e.Status, e.Code)
	if e.Message != "" {
		text += ": " + e.Message
	}
	return text
}

// Unwrap makes a code that means "not there" a backend.ErrNotFound.
func (e *CodedError) Unwrap() error {
	if e.Gone {
		return backend.ErrNotFound
	}
	return nil
}

// CodedAnswers are the Answers of an API whose errors carry a code: ok
// says which statuses succeed, advise explains the codes the backend knows
// ("" for the others), and gone lists the codes that mean "not there".
func CodedAnswers(service, hint string, ok func(status int) bool, advise func(code, message string) string, gone ...string) Answers {
	return Answers{
		Service: service,
		OK:      ok,
		Error: func(op string, resp *Response) error {
			code, message, err := Coded(op, service, hint, resp)
			if err != nil {
				return err
			}
			return &CodedError{Op: op, Service: service, Status: resp.Status, Code: code, Message: message,
				Advice: advise(code, message), Gone: slices.Contains(gone, code)}
		},
	}
}

// CodeOf is the code of the CodedError in err's chain, or "".
func CodeOf(err error) string {
	var coded *CodedError
	if errors.As(err, &coded) {
		return coded.Code
	}
	return ""
}

// UnclearError reports whether a request that failed may have been carried
// out: it left and no answer came, or the service failed (a 5xx).
func UnclearError(err error) bool {
	var transport *TransportError
	if errors.As(err, &transport) {
		return transport.Sent()
	}
	var coded *CodedError
	return errors.As(err, &coded) && coded.Status >= 500
}
