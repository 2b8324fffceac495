package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// DefaultTimeout bounds one try of a request, its answer's body included.
const DefaultTimeout = 60 * time.Second

// DefaultMaxRetries bounds the retries of one request unless Retries says
// otherwise: a request is sent at most DefaultMaxRetries+1 times.
const DefaultMaxRetries = 5

func (r Retries) withDefaults() Retries {
	if r.MaxRetries == 0 {
		r.MaxRetries = DefaultMaxRetries
	}
	if r.RetryWaitMin == 0 {
		r.RetryWaitMin = time.Second
	}
	if r.RetryWaitMax == 0 {
		r.RetryWaitMax = 30 * time.Second
	}
	return r
}

// NewRetryClient returns the go-retryablehttp client every backend sends
// its requests through, with the retry policy of checkRetry, each try
// bounded by timeout (DefaultTimeout when zero) and sent through
// transport (Go's default when nil). Requests are logged without bodies
// or credentials, and the last answer is returned as it is, so that its
// error body can be read.
func NewRetryClient(r Retries, timeout time.Duration, transport http.RoundTripper) *retryablehttp.Client {
	r = r.withDefaults()
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	rc := retryablehttp.NewClient()
	rc.RetryMax = r.MaxRetries
	rc.RetryWaitMin, rc.RetryWaitMax = r.RetryWaitMin, r.RetryWaitMax
	rc.HTTPClient.Timeout = timeout
	if transport != nil {
		rc.HTTPClient.Transport = transport
	}
	rc.Logger = nil // requests are logged through tflog by the hooks below
	rc.CheckRetry = checkRetry
	rc.Backoff = backoff
	rc.RequestLogHook = logRequest
	rc.ResponseLogHook = logResponse
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	return rc
}

type mayRepeatKey struct{}

// MayRepeat marks the requests sent with the returned context as ones that
// may be sent again after an unclear answer (reads, updates that set a
// value, deletes) or not (creates).
func MayRepeat(ctx context.Context, idempotent bool) context.Context {
	return context.WithValue(ctx, mayRepeatKey{}, idempotent)
}

// checkRetry retries 429 and 503 for every method (the service did not act
// and said when to come back), and connection errors and other 5xx only
// for idempotent methods: a POST that may have been processed is never
// sent again blindly. A 429 without Retry-After whose rate limit resets
// after the operation's deadline is answered at once: waiting could only
// end in a timeout.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
		deadline, bounded := ctx.Deadline()
		reset := quotaReset(resp)
		return !bounded || reset.IsZero() || reset.Before(deadline), nil
	}
	if resp != nil && resp.StatusCode == http.StatusServiceUnavailable {
		return true, nil
	}
	if err != nil && NeverSent(err) {
		return false, nil // nothing to wait for: trying again gives the same answer
	}
	idempotent, _ := ctx.Value(mayRepeatKey{}).(bool)
	if !idempotent {
		return false, nil
	}
	if err != nil {
		return true, nil //nolint:nilerr // retryablehttp's way to retry after a connection error
	}
	return resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented, nil
}

// backoff honours Retry-After on 429 and 503 up to max; waits for a 429
// without Retry-After until its quota resets, where the answer says when
// (the operation's deadline bounds it: see checkRetry); and otherwise backs
// off exponentially.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if untilReset := time.Until(quotaReset(resp)); untilReset > 0 {
		return untilReset
	}
	wait := retryablehttp.DefaultBackoff(minWait, maxWait, attempt, resp)
	return min(wait, maxWait)
}

// quotaReset is when a 429 without Retry-After says its quota resets, or
// zero. DigitalOcean answers a burst of requests with Retry-After (the
// seconds to wait), and a spent hourly quota without it; its
// RateLimit-Reset, on every answer, is when the hour's oldest request
// expires, so it bounds the wait only for the latter.
func quotaReset(resp *http.Response) time.Time {
	if resp == nil || resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "" {
		return time.Time{}
	}
	return rateLimitReset(resp.Header)
}

// rateLimitReset is when an answer says its rate limit resets: the
// RateLimit-Reset header in Unix seconds, as DigitalOcean sends it on
// every answer. Zero when the header is absent or not a time; a reset
// counted in seconds from now (the IETF draft's form, a small number) is
// read as such.
func rateLimitReset(h http.Header) time.Time {
	v, err := strconv.ParseInt(h.Get("Ratelimit-Reset"), 10, 64)
	switch {
	case err != nil || v < 0:
		return time.Time{}
	case v < secondsFromNowBelow:
		return time.Now().Add(time.Duration(v) * time.Second)
	}
	return time.Unix(v, 0)
}

// secondsFromNowBelow tells a reset in seconds from now from a Unix time:
// a year of seconds is far below any Unix time of this century.
const secondsFromNowBelow = 365 * 24 * 60 * 60

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
	if reset := resp.Header.Get("Ratelimit-Reset"); reset != "" && resp.StatusCode == http.StatusTooManyRequests {
		fields["ratelimit_reset"] = reset
	}
	tflog.Debug(resp.Request.Context(), "object-storage API response", fields)
}
