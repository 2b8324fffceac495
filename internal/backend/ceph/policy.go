package ceph

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/awsretry"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/s3policy"
)

// policyName is the one inline policy the backend writes on each of its
// users.
const policyName = "objectstorage"

// language is RGW's policy language: AWS's, every action of every
// permission (Ceph 16 takes each one of permissions.md; a test keeps that
// so), with the account-wide statement.
var language = s3policy.Language{
	Actions: func(p backend.Permission) ([]string, error) {
		actions, err := p.Actions()
		slices.Sort(actions)
		return actions, err
	},
	Account: backend.AccountActions,
}

// policyOf is the policy of a key: the unrestricted policy, or its
// grants' policy.
func policyOf(limited bool, grants []backend.Grant) (string, error) {
	var doc []byte
	var err error
	if limited {
		doc, err = language.Build(grants)
	} else {
		doc, err = language.BuildUnrestricted()
	}
	return string(doc), err
}

// grantsOf reads a key's grants from its policy. A key without one (Ceph
// 16 drops a user's policies when the user changes) reaches no bucket.
func grantsOf(doc string) (limited bool, grants []backend.Grant, err error) {
	switch {
	case doc == "":
		return true, nil, nil
	case language.IsUnrestricted([]byte(doc)):
		return false, nil, nil
	}
	grants, err = language.Parse([]byte(doc))
	return true, grants, err
}

// newPolicyClient is an AWS IAM client for the user-policy calls RGW
// serves at its root, with the project's retry policy.
func newPolicyClient(cfg Config, transport http.RoundTripper) (*iam.Client, func(*iam.Options)) {
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = httpapi.DefaultTimeout
	}
	maxAttempts := 0
	if cfg.MaxRetries > 0 {
		maxAttempts = cfg.MaxRetries + 1
	}
	client := iam.New(iam.Options{
		Region:       signingRegion,
		BaseEndpoint: aws.String(cfg.Endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider(cfg.AccessKey, cfg.SecretKey, ""),
		HTTPClient:   &http.Client{Transport: transport, Timeout: timeout},
		Retryer:      awsretry.New(maxAttempts)(),
		AppID:        cfg.UserAgent,
	})
	oneShot := &http.Client{Transport: closing{transport}, Timeout: timeout}
	return client, func(o *iam.Options) { o.HTTPClient = oneShot }
}

// closing sends each request on a connection of its own, closed after the
// answer. Ceph 16 answers GetUserPolicy for a missing policy with its
// error and then the rest of a result, past the answer's length; on a
// kept-alive connection those bytes would be read as the answer to the
// next request.
type closing struct{ next http.RoundTripper }

func (c closing) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Close = true
	return c.next.RoundTrip(r)
}

// putPolicy writes a user's policy, replacing the one of the same name.
func (b *Backend) putPolicy(ctx context.Context, uid, doc string) error {
	_, err := b.policies.PutUserPolicy(ctx, &iam.PutUserPolicyInput{
		UserName: aws.String(uid), PolicyName: aws.String(policyName), PolicyDocument: aws.String(doc),
	})
	if err != nil {
		return policyFailed("write the policy of user", uid, err)
	}
	return nil
}

// writePolicy writes a user's policy and reads it back: Ceph 16 drops a
// user's policies whenever the user changes, so a change by another
// client at the same moment could leave the key without its grants.
func (b *Backend) writePolicy(ctx context.Context, uid, doc string) error {
	if err := b.putPolicy(ctx, uid, doc); err != nil {
		return err
	}
	_, held, err := b.readUser(ctx, uid)
	if err != nil {
		return err
	}
	if held != doc {
		return fmt.Errorf("write the policy of user %s: Ceph RGW did not keep it (another change of the user at the same moment "+
			"drops it on Ceph 16): apply again", uid)
	}
	return nil
}

// getPolicy reads a user's policy: "" when it has none.
func (b *Backend) getPolicy(ctx context.Context, uid string) (string, error) {
	out, err := b.policies.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: aws.String(uid), PolicyName: aws.String(policyName)},
		b.ownConnection)
	switch {
	case policyCode(err) == codeNoSuchEntity:
		return "", nil
	case err != nil:
		return "", policyFailed("read the policy of user", uid, err)
	}
	doc, err := s3policy.FromIAMAnswer(aws.ToString(out.PolicyDocument))
	if err != nil {
		return "", policyFailed("read the policy of user", uid, err)
	}
	return string(doc), nil
}
