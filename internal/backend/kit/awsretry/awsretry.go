// Package awsretry is the project's retry policy (kit/httpapi's) for the
// clients of aws-sdk-go-v2, which the drivers that speak AWS's APIs (IAM,
// and Ceph RGW's user policies) build on: as many tries as the HTTP
// backends make, 429 retried as AWS's throttling errors are, a Retry-After
// header waited out, and no client-side retry quota, which would fail a run
// after a burst of faults.
package awsretry

import (
	"errors"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// MaxBackoff bounds one wait between tries, Retry-After included; the
// operation's timeout bounds them all.
const MaxBackoff = 30 * time.Second

// New is the SDK's standard retryer with the project's policy; maxAttempts
// 0 is the HTTP backends' number of tries.
func New(maxAttempts int) func() aws.Retryer {
	return func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			Policy(o, maxAttempts)
			o.Retryables = append(o.Retryables, retry.RetryableHTTPStatusCode{Codes: map[int]struct{}{429: {}}})
		})
	}
}

// Policy sets the tries, waits and quota of the project's retry policy on
// a standard retryer's options.
func Policy(o *retry.StandardOptions, maxAttempts int) {
	if maxAttempts <= 0 {
		maxAttempts = httpapi.DefaultMaxRetries + 1
	}
	o.MaxAttempts = maxAttempts
	o.MaxBackoff = MaxBackoff
	o.RateLimiter = ratelimit.None
	o.Backoff = retryAfter{fallback: retry.NewExponentialJitterBackoff(MaxBackoff)}
}

// retryAfter waits what a Retry-After header asks (in seconds), else backs
// off exponentially with jitter.
type retryAfter struct{ fallback retry.BackoffDelayer }

func (r retryAfter) BackoffDelay(attempt int, err error) (time.Duration, error) {
	var answer *awshttp.ResponseError
	if errors.As(err, &answer) && answer.Response != nil {
		if seconds, convErr := strconv.Atoi(answer.Response.Header.Get("Retry-After")); convErr == nil && seconds >= 0 {
			return min(time.Duration(seconds)*time.Second, MaxBackoff), nil
		}
	}
	return r.fallback.BackoffDelay(attempt, err)
}
