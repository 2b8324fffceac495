// Package iam manages access keys through the AWS IAM API. A key is an IAM
// user of its own, named the configured prefix and its access key id, with
// that one access key and one inline policy holding its grants; its name
// lives in a tag, so a rename is one tag write. The backend proves a user
// its own by name prefix, path and the objectstorage:path tag, and never
// reads, changes or deletes any other user, key or policy.
package iam

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/awsretry"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/grants"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/listcache"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/s3policy"
)

// Config is what the provider's iam block configures.
type Config struct {
	Endpoint             string // empty: AWS
	Region               string
	AccessKey, SecretKey string // empty: the SDK's default chain
	Profile              string
	Path                 string
	NamePrefix           string
	Service              Service
	UserAgent            string
	// HTTPClient, when set, carries every request (tests put a fault
	// proxy or a counter there).
	HTTPClient aws.HTTPClient
	// MaxAttempts bounds the tries of one request; 0 for the project's
	// retry policy (retry.go).
	MaxAttempts int
}

// Backend is the IAM API backend.
type Backend struct {
	// Rewrite is SetGrant and RemoveGrant: the key's policy read
	// and written whole (grantRewrite).
	grants.Rewrite

	cfg      Config
	language s3policy.Language

	// client is built on first use: the SDK's default chain may read
	// files, and New makes no call.
	clientOnce sync.Once
	client     *iam.Client
	clientErr  error

	// users caches the bulk read of the account's users; reads serves
	// GetKey from it or from single reads (bulk.go).
	users listcache.Cache[user]
	reads *listcache.Reader[user]

	// made holds when this process made each key, by id: a read soon
	// after waits out IAM's eventual consistency (read.go).
	made sync.Map

	// sweep removes, once per process, what creates of earlier runs left
	// half-made (create.go).
	sweep sync.Once
}

var _ backend.Driver = (*Backend)(nil)

// New returns a backend for cfg. It makes no call.
func New(cfg Config) *Backend {
	b := &Backend{cfg: cfg, language: languageOf(cfg.Service)}
	b.Rewrite = b.grantRewrite()
	b.reads = b.newReads()
	return b
}

// Capabilities is the backend's row of the capability table (kind.go).
func (b *Backend) Capabilities() backend.Capabilities { return capabilities }

// api returns the IAM client, built once.
func (b *Backend) api(ctx context.Context) (*iam.Client, error) {
	b.clientOnce.Do(func() { b.client, b.clientErr = b.newClient(ctx) })
	return b.client, b.clientErr
}

func (b *Backend) newClient(ctx context.Context) (*iam.Client, error) {
	opts := []func(*config.LoadOptions) error{config.WithRegion(b.cfg.Region)}
	if b.cfg.AccessKey != "" {
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(b.cfg.AccessKey, b.cfg.SecretKey, "")))
	} else if b.cfg.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(b.cfg.Profile))
	}
	if b.cfg.HTTPClient != nil {
		opts = append(opts, config.WithHTTPClient(b.cfg.HTTPClient))
	}
	opts = append(opts, config.WithRetryer(awsretry.New(b.cfg.MaxAttempts)))
	awsCfg, err := config.LoadDefaultConfig(context.WithoutCancel(ctx), opts...)
	if err != nil {
		return nil, fmt.Errorf("load the AWS configuration (profile %q): %w", b.cfg.Profile, err)
	}
	return iam.NewFromConfig(awsCfg, func(o *iam.Options) {
		if b.cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(b.cfg.Endpoint)
		}
		if b.cfg.UserAgent != "" {
			o.AppID = b.cfg.UserAgent
		}
	}), nil
}

// ValidateKey checks the name, which is a tag value on IAM, and that the
// grants' policy fits AWS's limit.
func (b *Backend) ValidateKey(spec backend.KeySpec) []backend.InvalidInputError {
	var errs []backend.InvalidInputError
	if !namePattern.MatchString(spec.Name) {
		errs = append(errs, backend.InvalidInputError{
			Field: backend.FieldName,
			Detail: fmt.Sprintf("An IAM key's name is a tag value: 1 to 128 letters, digits, spaces and _.:/=+-@; %q is not one.",
				spec.Name),
		})
	}
	if b.cfg.Service == AWS && spec.Limited {
		if doc, err := b.language.Build(spec.Grants); err == nil && len(doc) > maxAWSPolicy {
			errs = append(errs, backend.InvalidInputError{
				Field: backend.FieldGrants,
				Detail: fmt.Sprintf("the grants make an IAM policy of %d characters, more than the %d AWS keeps for a user's inline "+
					"policies (about 15 buckets read_write, or 22 read_only, fit): grant fewer buckets to this key, or split them over "+
					"several keys.", len(doc), maxAWSPolicy),
			})
		}
	}
	return errs
}

// maxAWSPolicy is AWS's limit on a user's inline policies, in characters
// other than whitespace (the backend writes none).
const maxAWSPolicy = 2048

// namePattern is an IAM tag value, bounded to 128 characters.
var namePattern = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$`)

// accessKeyIDPattern is an IAM access key id; userNamePattern an IAM user
// name.
var (
	accessKeyIDPattern = regexp.MustCompile(`^[A-Za-z0-9]{16,128}$`)
	userNamePattern    = regexp.MustCompile(`^[A-Za-z0-9+=,.@_-]{1,64}$`)
)

// ValidateID checks that id is an access key id that fits a user name
// after the prefix, or USER/ACCESS_KEY_ID for a key in a user made
// elsewhere.
func (b *Backend) ValidateID(id string) *backend.InvalidInputError {
	ref := b.refOf(id)
	if !accessKeyIDPattern.MatchString(ref.accessKey) || !userNamePattern.MatchString(ref.user) {
		return &backend.InvalidInputError{Field: backend.FieldID, Detail: fmt.Sprintf(
			"%q is not an IAM key id: that is its access key id, 16 to 128 letters and digits, such as AKIAIOSFODNN7EXAMPLE, "+
				"or USER/ACCESS_KEY_ID for a key of a user made outside this provider, such as app/AKIAIOSFODNN7EXAMPLE.", id)}
	}
	return nil
}

// maxUserName is IAM's limit on a user name.
const maxUserName = 64

// keyRef is where a key lives. A key the backend made is its user's
// only access key, and its id is the access key id: the user is the
// prefix and that id. A key in a user made elsewhere (a moved block or an
// import took it over) is named USER/ACCESS_KEY_ID: adopted, its user is
// proven to hold it by holding that access key, not by the marks of the
// backend's own users.
type keyRef struct {
	user, accessKey string
	adopted         bool
}

func (b *Backend) refOf(id string) keyRef {
	if user, accessKey, ok := strings.Cut(id, "/"); ok {
		return keyRef{user: user, accessKey: accessKey, adopted: true}
	}
	return keyRef{user: b.userOf(id), accessKey: id}
}

// userOf is the user the backend makes for access key id.
func (b *Backend) userOf(id string) string { return b.cfg.NamePrefix + id }
