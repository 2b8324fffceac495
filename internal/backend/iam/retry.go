package iam

import (
	"errors"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/httpapi"
)

// maxBackoff bounds one wait between tries, Retry-After included; the
// operation's timeout bounds them all.
const maxBackoff = 30 * time.Second

// newRetryer is the SDK's standard retryer with the project's retry policy
// (httpapi): as many tries as the HTTP backends make, 429 retried as AWS's
// throttling errors are, a Retry-After header waited out, and no client-side
// retry quota, which would fail a run after a burst of faults.
func newRetryer(maxAttempts int) func() aws.Retryer {
	if maxAttempts <= 0 {
		maxAttempts = httpapi.DefaultMaxRetries + 1
	}
	return func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = maxAttempts
			o.MaxBackoff = maxBackoff
			o.RateLimiter = ratelimit.None
			o.Retryables = append(o.Retryables, retry.RetryableHTTPStatusCode{Codes: map[int]struct{}{429: {}}})
			o.Backoff = retryAfter{fallback: retry.NewExponentialJitterBackoff(maxBackoff)}
		})
	}
}

// retryAfter waits what a Retry-After header asks (in seconds), else backs
// off exponentially with jitter.
type retryAfter struct{ fallback retry.BackoffDelayer }

func (r retryAfter) BackoffDelay(attempt int, err error) (time.Duration, error) {
	var answer *awshttp.ResponseError
	if errors.As(err, &answer) && answer.Response != nil {
		if seconds, convErr := strconv.Atoi(answer.Response.Header.Get("Retry-After")); convErr == nil && seconds >= 0 {
			return min(time.Duration(seconds)*time.Second, maxBackoff), nil
		}
	}
	return r.fallback.BackoffDelay(attempt, err)
}
