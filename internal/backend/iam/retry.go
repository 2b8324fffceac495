package iam

import (
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/awsretry"
)

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
		awsretry.Policy(so, b.cfg.MaxAttempts)
		so.Retryables = []retry.IsErrorRetryable{retry.RetryableErrorCode{Codes: map[string]struct{}{codeNoSuchEntity: {}}}}
	})
}
