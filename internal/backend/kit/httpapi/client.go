// Package httpapi is the HTTP layer the cloud backends share, on
// go-retryablehttp: JSON requests and answers, bounded retries with backoff
// that honour Retry-After on 429 and 503, retries after connection errors
// and 5xx for idempotent requests only (never a blind retry of a create),
// a bound on every request, errors that name the request and say what
// went wrong (nothing listening, no answer in time, an answer that is not
// the API's), and request logging through terraform-plugin-log without
// bodies or credentials.
package httpapi

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Config configures a Client.
type Config struct {
	// BaseURL is prefixed to every request path.
	BaseURL string
	// UserAgent names the provider and its version.
	UserAgent string
	// Authorize adds credentials to a request.
	Authorize func(*http.Request)
	// URLHint says which setting gives BaseURL and what it must look like;
	// errors about answers that are not the API's end with it.
	URLHint string
	// AnyContentType reads every answer as the API's JSON, whatever its
	// content type says: Ceph RGW's admin API sends its successes without
	// one, which a proxy in front of it may then guess as text.
	AnyContentType bool

	Retries
	// Transport carries the requests; Go's default when nil. Tests give
	// one that answers from memory.
	Transport http.RoundTripper
	// Timeout bounds one try, answer body included (default 60 s). The
	// caller's context bounds the whole request, retries included.
	Timeout time.Duration
}

// Retries bounds the retries of one request; zero values are the
// defaults. A backend's configuration carries them so tests can shorten
// them.
type Retries struct {
	// MaxRetries bounds the retries of one request (default 5).
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the backoff between tries
	// (defaults 1 s and 30 s); a longer Retry-After is cut to RetryWaitMax.
	RetryWaitMin, RetryWaitMax time.Duration
}

// Client sends JSON requests to one API.
type Client struct {
	cfg  Config
	http *retryablehttp.Client
}

// New returns a client for cfg.
func New(cfg Config) *Client {
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	return &Client{cfg: cfg, http: NewRetryClient(cfg.Retries, cfg.Timeout, cfg.Transport)}
}

// Request is one API call.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Body   any // encoded as JSON when not nil
	// Idempotent marks a POST that may be sent again after an unclear
	// answer (APIs that read or delete with POST); other methods always may.
	Idempotent bool
}

// Response is an API answer: its status and raw body.
type Response struct {
	Status int
	Body   []byte
	// RateLimitReset is when the quota of a 429 without Retry-After
	// resets, where the answer says (rateLimitReset); zero otherwise.
	RateLimitReset time.Time
}

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
	ctx = MayRepeat(ctx, r.Idempotent || r.Method != http.MethodPost)
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
	noAnswer := func(err error) error {
		// Some APIs (Ceph RGW's admin API) take credentials in the query,
		// which net/http's errors quote with the URL.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			urlErr.URL = c.cfg.BaseURL + r.Path
		}
		return &TransportError{Method: r.Method, URL: c.cfg.BaseURL + r.Path, Timeout: c.cfg.Timeout, Deadline: ctx.Err() != nil, Err: err}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, noAnswer(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return nil, noAnswer(err)
	}
	contentType := resp.Header.Get("Content-Type")
	if !isServerTrouble(resp.StatusCode) && !isJSON(contentType) && !isEmpty(resp.StatusCode, b) && !c.cfg.AnyContentType {
		return nil, &NotAPIError{Method: r.Method, URL: c.cfg.BaseURL + r.Path, Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Hint: c.cfg.URLHint}
	}
	return &Response{Status: resp.StatusCode, Body: b, RateLimitReset: quotaReset(resp)}, nil
}

// isServerTrouble is an answer that a proxy or load balancer in front of
// the API may give in its own format: a 5xx or a 429.
func isServerTrouble(status int) bool {
	return status >= 500 || status == http.StatusTooManyRequests
}

// isEmpty is a success that carries nothing, such as a delete's 204 (or
// Garage's 200 without a body), and so needs no content type.
func isEmpty(status int, body []byte) bool {
	return status >= 200 && status < 300 && len(body) == 0
}

func isJSON(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mediaType == "application/json" || strings.HasSuffix(mediaType, "+json"))
}

// TransportError is a request that got no answer.
type TransportError struct {
	Method, URL string
	Timeout     time.Duration // the bound of one try
	Deadline    bool          // the caller's context ended first
	Err         error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: %s", e.Method, e.URL, e.cause())
}

func (e *TransportError) cause() string {
	var dns *net.DNSError
	var timeout interface{ Timeout() bool }
	switch {
	case errors.Is(e.Err, syscall.ECONNREFUSED):
		return "nothing listens there (connection refused)"
	case errors.As(e.Err, &dns):
		return "no such host (" + dns.Error() + ")"
	case e.Deadline:
		return "no answer before the operation's deadline"
	case errors.As(e.Err, &timeout) && timeout.Timeout():
		return fmt.Sprintf("no answer within %s", e.Timeout)
	}
	return "no answer (" + e.Err.Error() + ")"
}

func (e *TransportError) Unwrap() error { return e.Err }

// Sent reports whether the request may have reached the service: false
// when the connection was never made (nothing listens, no such host, a
// certificate refused) and the service cannot have acted on it.
func (e *TransportError) Sent() bool {
	return !NeverSent(e.Err)
}

// NeverSent reports whether a request error means the request never left:
// nothing listens, no such host, or TLS failed before the request was sent.
func NeverSent(err error) bool {
	var dns *net.DNSError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var tlsRecord tls.RecordHeaderError
	return errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &dns) || errors.As(err, &unknownAuthority) ||
		errors.As(err, &hostname) || errors.As(err, &invalid) || errors.As(err, &tlsRecord)
}

// NotAPIError is an answer that is not the API's: the URL points at
// something else, such as a web server.
type NotAPIError struct {
	Method, URL string
	Status      int
	ContentType string
	Hint        string // Config.URLHint
}

func (e *NotAPIError) Error() string {
	contentType := e.ContentType
	if contentType == "" {
		contentType = "no content type"
	}
	msg := fmt.Sprintf("%s %s answered HTTP %d with %s, not the API's JSON: the URL does not point at the API", e.Method, e.URL, e.Status, contentType)
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

// Unclear reports whether a request may have been acted on although it did
// not succeed: it may have reached the service and no answer came, or the
// service answered with a server error.
func Unclear(resp *Response, err error) bool {
	var transport *TransportError
	if errors.As(err, &transport) {
		return transport.Sent()
	}
	return err == nil && resp != nil && resp.Status >= 500
}
