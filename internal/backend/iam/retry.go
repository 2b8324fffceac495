package iam

import (
	"errors"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// maxBackoff bounds one wait between tries, Retry-After included; the
// operation's timeout bounds them all.
const maxBackoff = 30 * time.Second

// newRetryer is the SDK's standard retryer with the project's retry policy
// (httpapi): as many tries as the HTTP backends make, 429 retried as AWS's
// throttling errors are, a Retry-After header waited out, and no client-side
// retry quota, which would fail a run after a burst of faults.
func newRetryer(maxAttempts int) func() aws.Retryer {
	return func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			policy(o, maxAttempts)
			o.Retryables = append(o.Retryables, retry.RetryableHTTPStatusCode{Codes: map[int]struct{}{429: {}}})
		})
	}
}

// policy sets the tries, waits and quota of the project's retry policy.
func policy(o *retry.StandardOptions, maxAttempts int) {
	if maxAttempts <= 0 {
		maxAttempts = httpapi.DefaultMaxRetries + 1
	}
	o.MaxAttempts = maxAttempts
	o.MaxBackoff = maxBackoff
	o.RateLimiter = ratelimit.None
	o.Backoff = retryAfter{fallback: retry.NewExponentialJitterBackoff(maxBackoff)}
}

// Eventual consistency: AWS IAM may answer NoSuchEntity about a user for a
// few seconds after it was made. A create's requests on the user it just
// made are tried again on that answer too, with the same backoff (about
// 15 s over six tries, 30 s at most).

// unseen retries a request on a user this create just made while IAM says
// the user does not exist, besides what the standard retryer retries.
func unseen(o *iam.Options) { o.Retryer = retry.AddWithErrorCodes(o.Retryer, codeNoSuchEntity) }

// onceUnlessUnseen sends a request that must never be sent twice blindly
// (a create) again only on NoSuchEntity: that answer is clear, nothing
// was made. Any other failure is settled by the caller.
func (b *Backend) onceUnlessUnseen(o *iam.Options) {
	o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
		policy(so, b.cfg.MaxAttempts)
		so.Retryables = []retry.IsErrorRetryable{retry.RetryableErrorCode{Codes: map[string]struct{}{codeNoSuchEntity: {}}}}
	})
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
