package ceph

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// signingRegion is the region in the requests' signatures: RGW's default
// zonegroup, as Ceph's own Go client (go-ceph rgw/admin) signs.
const signingRegion = "default"

// user is an RGW user as GET /admin/user answers it (the fields the
// backend reads).
type user struct {
	UserID      string  `json:"user_id"`
	DisplayName string  `json:"display_name"`
	Email       string  `json:"email"`
	Suspended   int     `json:"suspended"`
	Keys        []s3Key `json:"keys"`
}

// markDomain ends the email address that marks a user the backend made:
// UID@objectstorage-provider.invalid. RGW keeps it and shows it back;
// .invalid is reserved (RFC 2606), so no mail goes anywhere, and the uid
// in it makes each user's unique, as RGW requires.
const markDomain = "objectstorage-provider.invalid"

// markOf is the mark of the user uid.
func markOf(uid string) string { return uid + "@" + markDomain }

// ours reports whether the backend made u: it carries the mark (which RGW
// keeps in lower case).
func (u user) ours() bool { return strings.EqualFold(u.Email, markOf(u.UserID)) }

// s3Key is one S3 key of a user, secret included: the admin API shows it.
type s3Key struct {
	User      string `json:"user"`
	AccessKey string `json:"access_key"`
	SecretKey string `json:"secret_key"`
}

// key returns the user's S3 key with access key id.
func (u user) key(id string) (s3Key, bool) {
	for _, k := range u.Keys {
		if k.AccessKey == id {
			return k, true
		}
	}
	return s3Key{}, false
}

func newAdminClient(cfg Config, transport http.RoundTripper) *httpapi.Client {
	return httpapi.New(httpapi.Config{
		BaseURL:        cfg.Endpoint + "/admin",
		UserAgent:      cfg.UserAgent,
		URLHint:        urlHint,
		AnyContentType: true,
		Retries:        cfg.Retries,
		Timeout:        cfg.Timeout,
		Transport:      httpapi.SigV4{Next: transport, AccessKey: cfg.AccessKey, SecretKey: cfg.SecretKey, Region: signingRegion},
	})
}

// call sends an admin request and decodes a successful answer into out
// (when not nil).
func (b *Backend) call(ctx context.Context, op string, req httpapi.Request, out any) error {
	resp, err := b.admin.Do(ctx, req)
	return answers.Decode(op, resp, err, out)
}

// createUser makes a user holding one S3 key with the credentials given.
// It may be sent again after an unclear answer: the user's uid and
// credentials are this create's alone, so a repeat answers
// UserAlreadyExists and changes nothing.
func (b *Backend) createUser(ctx context.Context, uid, name, accessKey, secretKey string, suspended bool) (user, error) {
	q := url.Values{"uid": {uid}, "display-name": {name}, "email": {markOf(uid)}, "key-type": {"s3"}, "access-key": {accessKey}, "secret-key": {secretKey}}
	if suspended {
		q.Set("suspended", "true")
	}
	var u user
	err := b.call(ctx, "create user "+uid, httpapi.Request{Method: http.MethodPut, Path: "/user", Query: q}, &u)
	return u, err
}

// readUser reads a user with its keys, their secrets and its policy ("",
// when it has none) in one request, from RGW's metadata; a policy that
// attribute does not show readably is read through the IAM API.
func (b *Backend) readUser(ctx context.Context, uid string) (user, string, error) {
	var r record
	err := b.call(ctx, "read user "+uid, httpapi.Request{Method: http.MethodGet, Path: "/metadata/user", Query: url.Values{"key": {uid}}}, &r)
	if err != nil {
		return user{}, "", err
	}
	if r.Data.UserID != uid {
		return user{}, "", fmt.Errorf("read user %s: Ceph RGW answered with user %q", uid, r.Data.UserID)
	}
	doc, ok := r.policy(policyName)
	if !ok {
		if doc, err = b.getPolicy(ctx, uid); err != nil {
			return user{}, "", err
		}
	}
	return r.Data.user, doc, nil
}

// ownerOf reads the user that holds an access key.
func (b *Backend) ownerOf(ctx context.Context, accessKey string) (user, error) {
	var u user
	err := b.call(ctx, "find the user of access key "+accessKey,
		httpapi.Request{Method: http.MethodGet, Path: "/user", Query: url.Values{"access-key": {accessKey}}}, &u)
	return u, err
}

// modifyUser sets a user's display name and whether it is suspended.
func (b *Backend) modifyUser(ctx context.Context, uid string, name *string, suspended *bool) error {
	q := url.Values{"uid": {uid}}
	if name != nil {
		q.Set("display-name", *name)
	}
	if suspended != nil {
		q.Set("suspended", strconv.FormatBool(*suspended))
	}
	// Setting values again changes nothing, so the request may repeat.
	return b.call(ctx, "modify user "+uid, httpapi.Request{Method: http.MethodPost, Path: "/user", Query: q, Idempotent: true}, nil)
}

// setSecret gives a user's S3 key a new secret: the same access key on the
// same user is changed in place.
func (b *Backend) setSecret(ctx context.Context, uid, accessKey, secretKey string) error {
	q := url.Values{"key": {""}, "uid": {uid}, "key-type": {"s3"}, "access-key": {accessKey}, "secret-key": {secretKey}}
	return b.call(ctx, "set the secret of user "+uid, httpapi.Request{Method: http.MethodPut, Path: "/user", Query: q}, nil)
}

// removeUser deletes a user and its keys, not its buckets.
func (b *Backend) removeUser(ctx context.Context, uid string) error {
	return b.call(ctx, "delete user "+uid, httpapi.Request{Method: http.MethodDelete, Path: "/user", Query: url.Values{"uid": {uid}}}, nil)
}

// removeKey revokes one S3 key of a user.
func (b *Backend) removeKey(ctx context.Context, uid, accessKey string) error {
	q := url.Values{"key": {""}, "uid": {uid}, "access-key": {accessKey}}
	return b.call(ctx, "revoke the key of user "+uid, httpapi.Request{Method: http.MethodDelete, Path: "/user", Query: q}, nil)
}

// userIDs lists every user's uid (RGW's metadata list, one answer).
func (b *Backend) userIDs(ctx context.Context) ([]string, error) {
	var ids []string
	err := b.call(ctx, "list users", httpapi.Request{Method: http.MethodGet, Path: "/metadata/user"}, &ids)
	return ids, err
}
