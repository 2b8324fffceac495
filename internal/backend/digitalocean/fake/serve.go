package fake

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

const keysPath = "/v2/spaces/keys"

// apiError is the API's error object.
type apiError struct {
	ID        string `json:"id"`
	Message   string `json:"message"`
	RequestID string `json:"request_id,omitempty"`
}

var (
	errNotFound     = apiError{ID: "not_found", Message: "The resource you requested could not be found."}
	errUnauthorized = apiError{ID: "unauthorized", Message: "Unable to authenticate you."}
	errRateLimited  = apiError{ID: "too_many_requests", Message: "API Rate limit exceeded."}
)

// rateLimit is what the ratelimit-* headers of every answer say.
type rateLimit struct {
	Limit, Remaining int
	Reset            time.Time // zero: an hour from each answer
}

// answer writes DigitalOcean's answers.
type answer struct{ *fakeapi.Answer }

func (a answer) json(status int, v any) { a.JSON(status, v) }

func (a answer) error(status int, e apiError) {
	e.RequestID = fakeapi.RandomString(8, fakeapi.LowerDigits)
	a.json(status, e)
}

// api is the fake's part of fakeapi.Server: DigitalOcean's paths,
// token, scopes, rate limit and error object.
type api struct{ s *Server }

func (h api) Operation(r *http.Request, a *fakeapi.Answer) (string, bool) {
	op, _, ok := operation(r)
	if !ok {
		answer{a}.error(http.StatusNotFound, errNotFound)
	}
	return op, ok
}

func (h api) Refuse(r *http.Request, _ []byte, a *fakeapi.Answer) bool {
	switch {
	case r.Header.Get("Authorization") != "Bearer "+h.s.Token:
		answer{a}.error(http.StatusUnauthorized, errUnauthorized)
	case !h.s.tokenAllows(r.Method):
		answer{a}.error(http.StatusForbidden, errForbidden)
	case h.s.limited():
		answer{a}.error(http.StatusTooManyRequests, errRateLimited)
	default:
		return false
	}
	return true
}

func (h api) Route(r *http.Request, body []byte, a *fakeapi.Answer) {
	_, accessKey, _ := operation(r)
	h.s.route(&answer{a}, r, accessKey, body)
}

// Fail answers a fault. A 429 is DigitalOcean's burst limit: Retry-After
// says when to come back, and ratelimit-reset still names the hour's
// oldest request (a spent hourly quota is SetRateLimit).
func (h api) Fail(a *fakeapi.Answer, status int) {
	if status == http.StatusTooManyRequests {
		answer{a}.error(status, errRateLimited)
		return
	}
	answer{a}.error(status, apiError{ID: strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_")), Message: http.StatusText(status)})
}

// Finish adds the ratelimit-* headers every answer carries.
func (h api) Finish(a *fakeapi.Answer) { h.s.rateHeaders(&answer{a}) }

// limited reports whether the rate limit is spent until a reset still
// ahead; once the reset has passed, the limit is whole again.
func (s *Server) limited() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.limit.Reset.IsZero() && !time.Now().Before(s.limit.Reset) {
		s.limit.Remaining, s.limit.Reset = s.limit.Limit, time.Time{}
	}
	return s.limit.Remaining <= 0
}

// rateHeaders adds the ratelimit-* headers every answer carries, and
// counts the request against the limit: the one that spends it fixes the
// reset an hour ahead.
func (s *Server) rateHeaders(a *answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limit.Remaining > 0 {
		s.limit.Remaining--
		if s.limit.Remaining == 0 && s.limit.Reset.IsZero() {
			s.limit.Reset = time.Now().Add(time.Hour).Truncate(time.Second)
		}
	}
	reset := s.limit.Reset
	if reset.IsZero() {
		reset = time.Now().Add(time.Hour)
	}
	a.Header.Set("Ratelimit-Limit", strconv.Itoa(s.limit.Limit))
	a.Header.Set("Ratelimit-Remaining", strconv.Itoa(s.limit.Remaining))
	a.Header.Set("Ratelimit-Reset", strconv.FormatInt(reset.Unix(), 10))
}

// operation names a request as the fake counts it ("GET keys", "PUT
// key", ...); paths are /v2/spaces/keys[/{access_key}].
func operation(r *http.Request) (op, accessKey string, ok bool) {
	rest, found := strings.CutPrefix(r.URL.Path, keysPath)
	switch {
	case !found:
		return "", "", false
	case rest == "" || rest == "/":
		return r.Method + " keys", "", true
	case strings.Count(rest, "/") == 1 && len(rest) > 1:
		return r.Method + " key", rest[1:], true
	}
	return "", "", false
}

func (s *Server) route(a *answer, r *http.Request, accessKey string, body []byte) {
	switch {
	case accessKey == "" && r.Method == http.MethodGet:
		s.handleList(a, r)
	case accessKey == "" && r.Method == http.MethodPost:
		s.handleCreate(a, body)
	case accessKey != "" && r.Method == http.MethodGet:
		s.handleGet(a, accessKey)
	case accessKey != "" && (r.Method == http.MethodPut || r.Method == http.MethodPatch):
		s.handleUpdate(a, accessKey, body)
	case accessKey != "" && r.Method == http.MethodDelete:
		s.handleDelete(a, accessKey)
	default:
		a.error(http.StatusMethodNotAllowed, apiError{ID: "method_not_allowed", Message: "Method Not Allowed"})
	}
}

// decodeStrict decodes a JSON body, refusing fields the key object does not
// have. Guess: the contract allows other properties; the fake refuses them
// so that a misspelt field fails a test instead of being ignored.
func decodeStrict(body []byte, v any) *apiError {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return &apiError{ID: "bad_request", Message: "Invalid request: " + err.Error()}
	}
	return nil
}

// sameGrants reports whether two grant lists hold the same grants, in any
// order.
func sameGrants(a, b []Grant) bool {
	order := func(x, y Grant) int {
		if c := strings.Compare(x.Bucket, y.Bucket); c != 0 {
			return c
		}
		return strings.Compare(x.Permission, y.Permission)
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.SortFunc(a, order)
	slices.SortFunc(b, order)
	return slices.Equal(a, b)
}
