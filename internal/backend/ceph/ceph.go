// Package ceph manages access keys on Ceph's RADOS Gateway (RGW), through
// its admin ops API (/admin/user) and the IAM user-policy calls it serves
// on the same port. RGW's policies attach to users, not to keys, so a key
// is an RGW user of its own: its uid is the configured prefix and the
// access key, its display name is the key's name, and it holds that one S3
// key, whose access key and secret the backend chooses (so a retried
// create finds what it made), and one inline user policy with the key's
// grants. The backend proves a user its own by that uid, holding that
// access key, and never reads, changes or deletes any other user.
//
// Ceph 16 drops every inline policy of a user whenever the user changes
// (a new display name, suspended or not, a key added: Ceph tracker 48761,
// fixed after 16): the backend writes the policy last, after every change
// of the user, and reads a key without its policy as one that reaches no
// bucket, which the next plan shows as drift.
package ceph

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/create"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/grants"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// Config is what the provider's ceph block configures.
type Config struct {
	// Endpoint is the gateway's URL, scheme://host:port.
	Endpoint string
	// AccessKey and SecretKey are an RGW user's with the admin caps
	// caps of NeededCaps.
	AccessKey, SecretKey string
	// UserPrefix begins the uid of every user the backend makes.
	UserPrefix string
	// TLS applies to an https endpoint.
	TLS       httpapi.TLS
	UserAgent string

	httpapi.Retries
	// Timeout bounds one try of a request (default 60 s).
	Timeout time.Duration
	// Transport, when set, carries every request (tests put a fault proxy
	// or a counter there) instead of one built from TLS.
	Transport http.RoundTripper
	// NewCredentials chooses new keys' credentials; random when nil.
	NewCredentials create.CredentialGenerator
}

// Backend is the Ceph RGW backend.
type Backend struct {
	// Rewrite is SetGrant and RemoveGrant: the key's policy read and
	// written whole.
	grants.Rewrite

	cfg      Config
	admin    *httpapi.Client
	policies *iam.Client
	// ownConnection sends a user-policy read on a connection of its own
	// (closing, policy.go).
	ownConnection func(*iam.Options)
}

var _ backend.Driver = (*Backend)(nil)

// New returns a backend for cfg. It makes no call.
func New(cfg Config) (*Backend, error) {
	if cfg.NewCredentials == nil {
		cfg.NewCredentials = create.RandomCredentials
	}
	transport := cfg.Transport
	if transport == nil {
		t, err := cfg.TLS.Transport()
		if err != nil {
			return nil, err
		}
		transport = t
	}
	b := &Backend{cfg: cfg, admin: newAdminClient(cfg, transport)}
	b.policies, b.ownConnection = newPolicyClient(cfg, transport)
	b.Rewrite = grants.Rewrite{
		Read: b.GetKey,
		Write: func(ctx context.Context, key backend.Key, gs []backend.Grant) error {
			doc, err := policyOf(true, gs)
			if err != nil {
				return err
			}
			return b.writePolicy(ctx, b.uidOf(key.ID), doc)
		},
	}
	return b, nil
}

// Capabilities is the backend's row of the capability table (kind.go).
func (b *Backend) Capabilities() backend.Capabilities { return capabilities }

// maxName bounds a key's name, the user's display name.
const maxName = 128

// ValidateKey checks the name, which is the user's display name.
func (b *Backend) ValidateKey(spec backend.KeySpec) []backend.InvalidInputError {
	var errs []backend.InvalidInputError
	if len(spec.Name) == 0 || len(spec.Name) > maxName || strings.ContainsFunc(spec.Name, isControl) {
		errs = append(errs, backend.InvalidInputError{Field: backend.FieldName, Detail: fmt.Sprintf(
			"A Ceph RGW key's name is its user's display name: 1 to %d characters without control characters; %q is not one.", maxName, spec.Name)})
	}
	if spec.SecretKey != "" && !secretPattern.MatchString(spec.SecretKey) {
		errs = append(errs, backend.InvalidInputError{Field: backend.FieldSecret, Detail: fmt.Sprintf(
			"%s takes 8 to 128 printable ASCII characters without spaces.", backend.Ref(backend.FieldSecret))})
	}
	return errs
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// secretPattern is a secret the backend sends: printable ASCII without
// spaces, which every S3 client signs with alike.
var secretPattern = regexp.MustCompile(`^[\x21-\x7e]{8,128}$`)

// accessKeyPattern is an RGW access key as the backend's ids name it.
var accessKeyPattern = regexp.MustCompile(`^[A-Za-z0-9]{16,128}$`)

// ValidateID checks that id is an access key.
func (b *Backend) ValidateID(id string) *backend.InvalidInputError {
	if !accessKeyPattern.MatchString(id) {
		return &backend.InvalidInputError{Field: backend.FieldID, Detail: fmt.Sprintf(
			"%q is not a Ceph RGW key id: that is its access key, 16 to 128 letters and digits, such as 0555B35654AD1656D804.", id)}
	}
	return nil
}

// uidOf is the user that holds access key id.
func (b *Backend) uidOf(id string) string { return b.cfg.UserPrefix + id }
