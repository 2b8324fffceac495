// Package httpapi is the HTTP layer the cloud backends share, on
// go-retryablehttp: JSON requests and answers, bounded retries with backoff
// that honour Retry-After on 429 and 503, retries after connection errors
// and 5xx for idempotent requests only (never a blind retry of a create),
// and request logging through terraform-plugin-log without bodies or
// credentials.
package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Config configures a Client.
type Config struct {
	// BaseURL is prefixed to every request path.
	BaseURL string
	// UserAgent names the provider and its version.
	UserAgent string
	// Authorize adds credentials to a request.
	Authorize func(*http.Request)

	// MaxRetries bounds the retries of one request (default 5).
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the backoff between tries
	// (defaults 1 s and 30 s); a longer Retry-After is cut to RetryWaitMax.
	RetryWaitMin, RetryWaitMax time.Duration
	// Timeout bounds one try (default 60 s).
	Timeout time.Duration
}

// Client sends JSON requests to one API.
type Client struct {
	cfg  Config
	http *retryablehttp.Client
}

// New returns a client for cfg.
func New(cfg Config) *Client {
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = 5
	}
	if cfg.RetryWaitMin == 0 {
		cfg.RetryWaitMin = time.Second
	}
	if cfg.RetryWaitMax == 0 {
		cfg.RetryWaitMax = 30 * time.Second
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 60 * time.Second
	}
	rc := retryablehttp.NewClient()
	rc.RetryMax = cfg.MaxRetries
	rc.RetryWaitMin, rc.RetryWaitMax = cfg.RetryWaitMin, cfg.RetryWaitMax
	rc.HTTPClient.Timeout = cfg.Timeout
	rc.Logger = nil // requests are logged through tflog by the hooks below
	rc.CheckRetry = checkRetry
	rc.Backoff = backoff
	rc.RequestLogHook = logRequest
	rc.ResponseLogHook = logResponse
	// The last answer is returned as it is, so its error body can be read.
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	return &Client{cfg: cfg, http: rc}
}

// Request is one API call.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Body   any // encoded as JSON when not nil
}

// Response is an API answer: its status and raw body.
type Response struct {
	Status int
	Body   []byte
}

type idempotentKey struct{}

// Do sends a request and returns the answer, whatever its status. err is
// only set when no answer came (after the retries the method allows).
func (c *Client) Do(ctx context.Context, r Request) (*Response, error) {
	var body io.Reader
	if r.Body != nil {
		b, err := json.Marshal(r.Body)
		if err != nil {
			return nil, fmt.Errorf("encode %s %s: %w", r.Method, r.Path, err)
		}
		body = bytes.NewReader(b)
	}
	u := c.cfg.BaseURL + r.Path
	if len(r.Query) > 0 {
		u += "?" + r.Query.Encode()
	}
	ctx = context.WithValue(ctx, idempotentKey{}, r.Method != http.MethodPost)
	req, err := retryablehttp.NewRequestWithContext(ctx, r.Method, u, body)
	if err != nil {
		return nil, fmt.Errorf("build %s %s: %w", r.Method, r.Path, err)
	}
	req.Header.Set("Accept", "application/json")
	if r.Body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	if c.cfg.Authorize != nil {
		c.cfg.Authorize(req.Request)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, &TransportError{Method: r.Method, Path: r.Path, Err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return nil, &TransportError{Method: r.Method, Path: r.Path, Err: err}
	}
	return &Response{Status: resp.StatusCode, Body: b}, nil
}

// TransportError is a request that got no answer: the service may or may
// not have acted on it.
type TransportError struct {
	Method, Path string
	Err          error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: no answer: %v", e.Method, e.Path, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// IsAmbiguous reports whether a create may have happened although it did
// not succeed: no answer at all, or a server error.
func IsAmbiguous(resp *Response, err error) bool {
	var transport *TransportError
	if errors.As(err, &transport) {
		return true
	}
	return err == nil && resp != nil && resp.Status >= 500
}

// checkRetry retries 429 and 503 for every method (the service did not act
// and said when to come back), and connection errors and other 5xx only
// for idempotent methods: a POST that may have been processed is never
// sent again blindly.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		return true, nil
	}
	idempotent, _ := ctx.Value(idempotentKey{}).(bool)
	if !idempotent {
		return false, nil
	}
	if err != nil {
		return true, nil //nolint:nilerr // retryablehttp's way to retry after a connection error
	}
	return resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented, nil
}

// backoff honours Retry-After on 429 and 503 up to max, and otherwise
// backs off exponentially.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	wait := retryablehttp.DefaultBackoff(minWait, maxWait, attempt, resp)
	return min(wait, maxWait)
}

func logRequest(_ retryablehttp.Logger, req *http.Request, attempt int) {
	tflog.Debug(req.Context(), "object-storage API request", map[string]any{
		"method": req.Method, "path": req.URL.Path, "attempt": attempt + 1,
	})
}

func logResponse(_ retryablehttp.Logger, resp *http.Response) {
	fields := map[string]any{"method": resp.Request.Method, "path": resp.Request.URL.Path, "status": resp.StatusCode}
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		fields["retry_after"] = ra
	}
	tflog.Debug(resp.Request.Context(), "object-storage API response", fields)
}
