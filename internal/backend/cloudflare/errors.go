package cloudflare

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// urlHint ends the errors about answers that do not come from Cloudflare.
const urlHint = "check cloudflare.url (CLOUDFLARE_API_URL), which must be the API's base with its path, such as https://api.cloudflare.com/client/v4"

// envelope is the v4 API's answer around every result.
type envelope struct {
	Success bool            `json:"success"`
	Errors  []message       `json:"errors"`
	Result  json.RawMessage `json:"result"`
}

type message struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// listEnvelope is a page of tokens with its paging.
type listEnvelope struct {
	Result     []token `json:"result"`
	ResultInfo struct {
		TotalCount int `json:"total_count"`
	} `json:"result_info"`
}

// APIError is an error answer of the v4 API.
type APIError struct {
	Op     string
	Status int
	Errors []message
}

func (e *APIError) Error() string {
	var reasons []string
	for _, m := range e.Errors {
		reasons = append(reasons, fmt.Sprintf("%s (%d)", m.Message, m.Code))
	}
	reason := strings.Join(reasons, "; ")
	switch e.Status {
	case http.StatusUnauthorized, http.StatusForbidden:
		return fmt.Sprintf("%s: Cloudflare refused the API token (%s): check cloudflare.api_token (CLOUDFLARE_API_TOKEN) and "+
			"cloudflare.account_id (CLOUDFLARE_ACCOUNT_ID); the token needs the account permission Account API Tokens Write", e.Op, reason)
	}
	return fmt.Sprintf("%s: Cloudflare answered HTTP %d: %s", e.Op, e.Status, reason)
}

// Unwrap makes a missing token a backend.ErrNotFound.
func (e *APIError) Unwrap() error {
	if e.Status == http.StatusNotFound {
		return backend.ErrNotFound
	}
	return nil
}

var answers = httpapi.Answers{
	Service: "Cloudflare",
	OK:      func(status int) bool { return status == http.StatusOK },
	Error: func(op string, resp *httpapi.Response) error {
		var env envelope
		if err := json.Unmarshal(resp.Body, &env); (err != nil || len(env.Errors) == 0) && resp.Status < 500 && resp.Status != http.StatusTooManyRequests {
			return fmt.Errorf("%s: the answer (HTTP %d) is not one of Cloudflare's: it has no error list; %s", op, resp.Status, urlHint)
		}
		return &APIError{Op: op, Status: resp.Status, Errors: env.Errors}
	},
}

// decode reads an answer's envelope, and its result into out (a
// listEnvelope takes the whole answer, paging included).
func decode(op string, resp *httpapi.Response, err error, out any) error {
	var env envelope
	if err := answers.Decode(op, resp, err, &env); err != nil {
		return err
	}
	if !env.Success {
		return &APIError{Op: op, Status: resp.Status, Errors: env.Errors}
	}
	switch whole := out.(type) {
	case nil:
		return nil
	case *listEnvelope:
		if err := json.Unmarshal(resp.Body, whole); err != nil {
			return fmt.Errorf("%s: decode Cloudflare's answer: %w", op, err)
		}
		return nil
	}
	if err := json.Unmarshal(env.Result, out); err != nil {
		return fmt.Errorf("%s: decode Cloudflare's answer: %w", op, err)
	}
	return nil
}
