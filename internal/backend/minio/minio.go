// Package minio manages access keys as service accounts of one MinIO admin
// user, through MinIO's admin API (package adminapi). A key's bucket
// permissions are the service account's embedded policy.
package minio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/create"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/grants"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/listcache"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
)

// Config is what the provider's minio block configures.
type Config struct {
	Endpoint string
	User     string
	Password string
	SSL      bool
	// CACertPEM holds certificates trusted besides the system's roots.
	CACertPEM []byte
	// Insecure skips the verification of the server's certificate.
	Insecure bool
	// RequestTimeout bounds one try of a request (default 60 s); the
	// caller's context bounds the whole operation.
	RequestTimeout time.Duration
	// Retries bounds the retries of one request (httpapi's defaults).
	Retries httpapi.Retries

	// Transport replaces the HTTP transport under the TLS settings (tests
	// count or break calls).
	Transport http.RoundTripper
	// UserAgent names the provider and its version to the server.
	AppName, AppVersion string
	// NewCredentials chooses new keys' credentials; RandomCredentials when nil.
	NewCredentials CredentialGenerator
}

// Backend is the MinIO backend.
type Backend struct {
	// Rewrite is SetGrant and RemoveGrant: the key's policy read
	// and written whole.
	grants.Rewrite

	admin *adminapi.Client

	// account is the user's account information, for BeyondReach.
	accountOnce    sync.Once
	account        adminapi.AccountInfo
	accountErr     error
	user           string
	newCredentials CredentialGenerator

	endpoint  string // host:port, for messages
	preflight *preflight

	// accounts holds one IAM export per process, kept current by this
	// process's writes; reads serves GetKey from it, or with
	// InfoServiceAccount when the admin user may not export IAM.
	accounts listcache.Cache[backend.Key]
	reads    *listcache.Reader[backend.Key]
	// foreign maps the access keys read whose parent is another user to
	// that user: lists leave them out and reads refuse them.
	foreign sync.Map
}

var _ backend.Driver = (*Backend)(nil)

// accessKeyRule is the shape of a service account's access key.
var accessKeyRule = regexp.MustCompile(`^[^\s=,/\x00-\x1f]{3,20}$`)

// nameRule is MinIO's rule for service-account names.
var nameRule = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_-]{0,31}$`)

// New returns a backend for the admin user in cfg. It makes no call.
func New(cfg Config) (*Backend, error) {
	transport, err := newTransport(cfg)
	if err != nil {
		return nil, err
	}
	userAgent := ""
	if cfg.AppName != "" {
		userAgent = cfg.AppName + "/" + cfg.AppVersion
	}
	admin, err := adminapi.New(adminapi.Config{
		Endpoint: cfg.Endpoint, Secure: cfg.SSL, AccessKey: cfg.User, SecretKey: cfg.Password,
		Transport: transport, UserAgent: userAgent, Retries: cfg.Retries, Timeout: cfg.RequestTimeout,
	})
	if err != nil {
		return nil, fmt.Errorf("set up the MinIO admin client for %q: %w", cfg.Endpoint, err)
	}
	gen := cfg.NewCredentials
	if gen == nil {
		gen = RandomCredentials
	}
	b := &Backend{
		admin: admin, user: cfg.User, newCredentials: gen,
		endpoint: cfg.Endpoint, preflight: newPreflight(transport, cfg.Endpoint, cfg.SSL, cfg.RequestTimeout),
	}
	b.reads = &listcache.Reader[backend.Key]{
		Cache: &b.accounts, Load: b.loadByExport, One: b.getOne,
		Missing: func(id string) error { return fmt.Errorf("read service account %q: %w", id, backend.ErrNotFound) },
		// One export costs one call like one InfoServiceAccount, whose
		// answer MinIO seals with an argon2id-derived key: 64 MiB and tens
		// of milliseconds on each side. Even a plan over one key reads the
		// export.
		ListFirst: true,
		// A node of a cluster may not know an account yet (one whose
		// writer failed before telling it, one made while it was down):
		// an account its export lacks is read once more, alone, before it
		// counts as gone, and a load balancer most likely sends that read
		// to another node.
		Recheck: true,
	}
	b.Rewrite = grants.Rewrite{Read: b.GetKey, Write: b.writeGrants}
	return b, nil
}

// call runs admin calls after the preflight. The admin client retries
// what may be retried (httpapi's policy): every call after a 429 or 503,
// and the calls that may be repeated after a lost answer or a server
// error too.
func (b *Backend) call(ctx context.Context, fn func(ctx context.Context) error) error {
	if err := b.preflight.check(ctx); err != nil {
		return &unreachableError{err}
	}
	return fn(ctx)
}

// unclear reports whether a failed call may have been acted on: a server
// error, or no answer to a request that may have been sent.
func unclear(err error) bool {
	var answer *adminapi.Error
	var transport *httpapi.TransportError
	switch {
	case errors.As(err, &answer):
		return answer.Status >= http.StatusInternalServerError
	case errors.As(err, &transport):
		return transport.Sent()
	}
	return false
}

// Capabilities is the backend's row of the capability table (kind.go).
func (b *Backend) Capabilities() backend.Capabilities { return capabilities }

// ValidateKey checks MinIO's name rule and policy size limit.
func (b *Backend) ValidateKey(spec backend.KeySpec) []backend.InvalidInputError {
	var errs []backend.InvalidInputError
	if !nameRule.MatchString(spec.Name) {
		errs = append(errs, backend.InvalidInputError{
			Field:  backend.FieldName,
			Detail: fmt.Sprintf("%q is not a MinIO service-account name: use 1 to 32 characters, a letter first, then letters, digits, '_' or '-'.", spec.Name),
		})
	}
	if _, err := policyFor(spec); err != nil {
		errs = append(errs, *err)
	}
	if n := len(spec.SecretKey); n > 0 && (n < minSecretLength || n > maxSecretLength) {
		errs = append(errs, backend.InvalidInputError{
			Field:  backend.FieldSecret,
			Detail: fmt.Sprintf("MinIO takes a secret of %d to %d bytes; this one has %d.", minSecretLength, maxSecretLength, n),
		})
	}
	return errs
}

// policyFor returns the embedded policy for a spec: none for an unrestricted
// key, the grants' policy for a limited one, checked against MinIO's limit.
func policyFor(spec backend.KeySpec) ([]byte, *backend.InvalidInputError) {
	if !spec.Limited {
		return nil, nil
	}
	doc, err := buildPolicy(spec.Grants)
	if err != nil {
		return nil, &backend.InvalidInputError{Field: backend.FieldGrants, Detail: err.Error()}
	}
	if len(doc) > maxPolicyBytes {
		return nil, policySizeError(len(doc))
	}
	return doc, nil
}

// CreateKey adds a service account with an access key and secret chosen
// here, which makes a create safe to settle: after an unclear answer, an
// account with that access key and this backend's user as its parent is
// the create's own beyond doubt, and since its secret is known it is
// adopted. An access key held by anyone else is never adopted.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	policy, invalid := policyFor(spec)
	if invalid != nil {
		return backend.Key{}, invalid
	}
	accessKey, secretKey, err := b.newCredentials()
	if err != nil {
		return backend.Key{}, err
	}
	if spec.SecretKey != "" {
		secretKey = spec.SecretKey
	}
	req := adminapi.AddServiceAccount{
		Policy: policy, TargetUser: b.user, AccessKey: accessKey, SecretKey: secretKey, Name: spec.Name,
		Expiration: expiration(spec.ExpiresAt),
	}
	_, err = create.Once(ctx,
		func(ctx context.Context, _ int) (struct{}, bool, error) {
			err := b.call(ctx, func(ctx context.Context) error {
				_, err := b.admin.AddServiceAccount(ctx, req)
				return err
			})
			switch {
			case err == nil:
				return struct{}{}, false, nil
			case ErrorCode(err) == codeNotAllowed:
				return b.adopt(ctx, accessKey, err)
			}
			return struct{}{}, unclear(err), b.mapError("create", account(accessKey), err)
		},
		func(ctx context.Context, _ int) (create.Settled[struct{}], error) {
			info, err := b.info(ctx, accessKey)
			switch {
			case err == nil && info.ParentUser == b.user:
				tflog.Warn(ctx, "adopted the service account an unclear create made", map[string]any{"access_key": accessKey})
				return create.Settled[struct{}]{Adopted: true}, nil
			case err == nil:
				// Another user's account: ours was not made, and sending the
				// same credentials again is refused.
				return create.Settled[struct{}]{}, nil
			case isNoSuchServiceAccount(err):
				// Not made, or not yet known where the read went: MinIO
				// reads IAM from each node's memory, and a node learns of an
				// account when the node that wrote it tells it, or at its
				// next refresh, 5 to 15 minutes on. The same credentials may
				// be sent again: MinIO writes an account it does not know
				// of, under that access key, and tells every node.
				return create.Settled[struct{}]{MayAppear: true}, nil
			}
			return create.Settled[struct{}]{}, b.mapError("read", account(accessKey), err)
		})
	key := keyFromSpec(accessKey, spec)
	key.SecretKey = secretKey
	var uncertain *backend.UncertainCreateError
	if errors.As(err, &uncertain) && (uncertain.Unsettled || uncertain.MayExist) {
		// The account may exist, or appear; its credentials are known, so
		// it is kept in state and removed by the next apply.
		uncertain.Key = &key
	}
	if err != nil {
		return backend.Key{}, err
	}
	if spec.Disabled {
		// A create cannot set the status: the account is switched off by
		// an update, before anyone but this provider knows its secret.
		// MinIO drops an embedded policy that an update does not carry.
		err := b.update(ctx, accessKey, adminapi.UpdateServiceAccount{NewStatus: statusOff, NewPolicy: policy})
		if err != nil {
			b.accounts.Invalidate("")
			enabled := key
			enabled.Disabled = false
			return backend.Key{}, &backend.UncertainCreateError{Key: &enabled, Err: fmt.Errorf(
				"service account %q was made but could not be switched off: %w", accessKey, b.mapError("update", account(accessKey), err))}
		}
	}
	stored := key
	stored.SecretKey = ""
	b.accounts.Put("", accessKey, stored)
	return key, nil
}

// expiration is a create's expiration: none for the zero time.
func expiration(at time.Time) *time.Time {
	if at.IsZero() {
		return nil
	}
	at = at.UTC()
	return &at
}

// adopt accepts an existing account under accessKey when it belongs to this
// backend's user; otherwise it returns ErrAlreadyExists. It is a create
// attempt's end: unclear when the node that answers the read does not
// show the account its peer called taken (in a cluster, most likely this
// create's own earlier try, written by a node that failed before the
// others heard of it).
func (b *Backend) adopt(ctx context.Context, accessKey string, createErr error) (_ struct{}, unclear bool, _ error) {
	info, err := b.info(ctx, accessKey)
	switch {
	case isNoSuchServiceAccount(err):
		return struct{}{}, true, fmt.Errorf("%w, and the account under that access key is not shown: %w",
			b.mapError("create", account(accessKey), createErr), err)
	case err != nil:
		return struct{}{}, false, b.mapError("create", account(accessKey), createErr)
	case info.ParentUser != b.user:
		return struct{}{}, false, fmt.Errorf("access key %q belongs to another MinIO user: %w", accessKey, backend.ErrAlreadyExists)
	}
	return struct{}{}, false, nil
}

// keyFromSpec is the key a successful create or update leaves behind: what
// was asked for, without reading it back.
func keyFromSpec(accessKey string, spec backend.KeySpec) backend.Key {
	grants := append([]backend.Grant(nil), spec.Grants...)
	if !spec.Limited {
		grants = nil
	}
	backend.SortGrants(grants)
	return backend.Key{
		ID: accessKey, Name: spec.Name, AccessKey: accessKey, Limited: spec.Limited, Grants: grants,
		Disabled: spec.Disabled, ExpiresAt: spec.ExpiresAt.UTC(),
	}
}

// ValidateID checks the shape of a MinIO service account's access key.
func (b *Backend) ValidateID(id string) *backend.InvalidInputError {
	if accessKeyRule.MatchString(id) {
		return nil
	}
	return &backend.InvalidInputError{Field: backend.FieldID, Detail: fmt.Sprintf(
		"%q is not a MinIO service account's access key: one has 3 to 20 characters, without spaces, '=', ',' or '/'.", id)}
}

// GetKey reads one service account and its embedded policy from one IAM
// export, loaded once and shared by concurrent readers, or with
// InfoServiceAccount when the admin user lacks the admin:ExportIAM right or
// the export fails.
//
// A service account of another user is refused with a
// *backend.NotOursError: the provider manages its own user's keys only.
func (b *Backend) GetKey(ctx context.Context, id string) (backend.Key, error) {
	key, err := b.reads.Get(ctx, id)
	if err != nil {
		return backend.Key{}, err
	}
	if owner, other := b.foreign.Load(id); other {
		parent, _ := owner.(string)
		return backend.Key{}, b.notOurs(id, parent)
	}
	return key, nil
}

// noteOwner records whether the account accessKey belongs to another
// user than the backend's.
func (b *Backend) noteOwner(accessKey, parent string) {
	if parent != b.user {
		b.foreign.Store(accessKey, parent)
	} else {
		b.foreign.Delete(accessKey)
	}
}

func (b *Backend) notOurs(accessKey, owner string) *backend.NotOursError {
	return &backend.NotOursError{
		ID: accessKey, Owner: "MinIO user " + strconv.Quote(owner), Us: "MinIO user " + strconv.Quote(b.user) + " (minio.user)",
		Remedy: fmt.Sprintf("To manage it with Terraform, give it a provider of its own: a provider block with an alias, "+
			"configured with user %q's credentials, named by the resource's provider argument.", owner),
	}
}

// info is one InfoServiceAccount call.
func (b *Backend) info(ctx context.Context, id string) (info adminapi.ServiceAccount, err error) {
	err = b.call(ctx, func(ctx context.Context) error {
		info, err = b.admin.InfoServiceAccount(ctx, id)
		return err
	})
	return info, err
}

// update is one UpdateServiceAccount call.
func (b *Backend) update(ctx context.Context, id string, req adminapi.UpdateServiceAccount) error {
	return b.call(ctx, func(ctx context.Context) error { return b.admin.UpdateServiceAccount(ctx, id, req) })
}

func (b *Backend) getOne(ctx context.Context, id string) (backend.Key, error) {
	info, err := b.info(ctx, id)
	if err != nil {
		return backend.Key{}, b.mapError("read", account(id), err)
	}
	b.noteOwner(id, info.ParentUser)
	return keyFromInfo(id, info)
}

// keyFromInfo is the key a service account's info (or its entry in an IAM
// export) describes.
func keyFromInfo(accessKey string, info adminapi.ServiceAccount) (backend.Key, error) {
	key := backend.Key{
		ID: accessKey, Name: info.Name, AccessKey: accessKey, Limited: !info.ImpliedPolicy,
		Disabled: info.AccountStatus == statusOff,
	}
	if e := info.Expiration; e != nil && !e.IsZero() && !e.Equal(noExpiry) {
		key.ExpiresAt = e.UTC()
	}
	if key.Limited {
		grants, err := parsePolicy([]byte(info.Policy))
		if err != nil {
			return backend.Key{}, fmt.Errorf("read service account %q: %w", accessKey, err)
		}
		key.Grants = grants
	}
	return key, nil
}

// ListKeys lists the admin user's service accounts from one IAM export, or,
// where the admin user may not export IAM or the export fails, with
// ListServiceAccounts and a read of each limited account's policy.
func (b *Backend) ListKeys(ctx context.Context) ([]backend.Key, error) {
	all, err := b.reads.List(ctx)
	if err == nil {
		keys := make([]backend.Key, 0, len(all))
		for id, k := range all {
			if _, other := b.foreign.Load(id); !other {
				keys = append(keys, k)
			}
		}
		return keys, nil
	}
	if !errors.Is(err, listcache.ErrPerItem) {
		tflog.Warn(ctx, "the MinIO IAM export failed; listing service accounts one call at a time", map[string]any{"error": err.Error()})
	}
	var list []adminapi.ServiceAccount
	err = b.call(ctx, func(ctx context.Context) (err error) {
		list, err = b.admin.ListServiceAccounts(ctx, b.user)
		return err
	})
	if err != nil {
		return nil, b.mapError("list", "the service accounts of "+strconv.Quote(b.user), err)
	}
	// One read per limited account; admin calls go one at a time anyway.
	keys := make([]backend.Key, 0, len(list))
	for _, account := range list {
		if account.ImpliedPolicy {
			key, err := keyFromInfo(account.AccessKey, account)
			if err != nil {
				return nil, err
			}
			keys = append(keys, key)
			continue
		}
		key, err := b.getOne(ctx, account.AccessKey)
		if backend.IsNotFound(err) {
			continue // deleted since the list
		}
		if err != nil {
			return nil, err
		}
		keys = append(keys, key)
	}
	return keys, nil
}

// UpdateKey renames the account and replaces, keeps or removes its policy.
//
// MinIO drops the embedded policy of any update that does not carry one, so
// every update of a limited key sends its policy, even a rename.
func (b *Backend) UpdateKey(ctx context.Context, id string, spec backend.KeySpec) (backend.Key, error) {
	req := adminapi.UpdateServiceAccount{NewName: spec.Name, NewStatus: statusOn, NewExpiration: &noExpiry}
	if spec.Disabled {
		req.NewStatus = statusOff
	}
	if !spec.ExpiresAt.IsZero() {
		req.NewExpiration = expiration(spec.ExpiresAt)
	}
	req.NewSecretKey = spec.SecretKey
	switch {
	case !spec.Limited:
		// An empty policy document removes the embedded policy.
		req.NewPolicy = emptyPolicy
	case spec.KeepGrants:
		info, err := b.info(ctx, id)
		if err != nil {
			return backend.Key{}, b.mapError("read", account(id), err)
		}
		current, err := keyFromInfo(id, info)
		if err != nil {
			return backend.Key{}, err
		}
		spec.Grants = current.Grants
		if current.Limited {
			// Resend the policy as it is, statements this backend did not
			// write included.
			req.NewPolicy = []byte(info.Policy)
		} else {
			// Becoming limited without grants of its own: no bucket at all.
			if req.NewPolicy, err = buildPolicy(nil); err != nil {
				return backend.Key{}, err
			}
		}
	default:
		policy, invalid := policyFor(spec)
		if invalid != nil {
			return backend.Key{}, invalid
		}
		req.NewPolicy = policy
	}
	if err := b.update(ctx, id, req); err != nil {
		b.accounts.Invalidate("")
		return backend.Key{}, b.mapError("update", account(id), err)
	}
	key := keyFromSpec(id, spec)
	if spec.KeepGrants && spec.Limited {
		// The policy was resent as it was; read it back rather than guess.
		b.accounts.Invalidate("")
	} else {
		b.accounts.Put("", id, key)
	}
	return key, nil
}

// DeleteKey removes the service account; one already gone is not an error.
func (b *Backend) DeleteKey(ctx context.Context, id string) error {
	err := b.call(ctx, func(ctx context.Context) error { return b.admin.DeleteServiceAccount(ctx, id) })
	if err != nil && !isNoSuchServiceAccount(err) {
		b.accounts.Invalidate("")
		return b.mapError("delete", account(id), err)
	}
	b.accounts.Delete("", id)
	return nil
}

// writeGrants gives a limited key the embedded policy of its new grants.
func (b *Backend) writeGrants(ctx context.Context, key backend.Key, grants []backend.Grant) error {
	policy, invalid := policyFor(backend.KeySpec{Limited: true, Grants: grants})
	if invalid != nil {
		return invalid
	}
	if err := b.update(ctx, key.ID, adminapi.UpdateServiceAccount{NewPolicy: policy}); err != nil {
		b.accounts.Invalidate("")
		return b.mapError("update", account(key.ID), err)
	}
	key.Grants = grants
	b.accounts.Put("", key.ID, key)
	return nil
}

// emptyPolicy, sent as a new policy, makes MinIO drop the embedded policy.
var emptyPolicy = []byte(`{}`)

// A service account's status: switched on or off.
const (
	statusOn  = "on"
	statusOff = "off"
)

// noExpiry is the expiration MinIO stores for an account that never
// expires; an update sends it to remove an expiry.
var noExpiry = time.Unix(0, 0).UTC()
