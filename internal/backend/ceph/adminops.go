package ceph

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

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
	Suspended   int     `json:"suspended"`
	Keys        []s3Key `json:"keys"`
}

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
	q := url.Values{"uid": {uid}, "display-name": {name}, "key-type": {"s3"}, "access-key": {accessKey}, "secret-key": {secretKey}}
	if suspended {
		q.Set("suspended", "true")
	}
	var u user
	err := b.call(ctx, "create user "+uid, httpapi.Request{Method: http.MethodPut, Path: "/user", Query: q}, &u)
	return u, err
}

// getUser reads a user with its keys and their secrets.
func (b *Backend) getUser(ctx context.Context, uid string) (user, error) {
	var u user
	err := b.call(ctx, "read user "+uid, httpapi.Request{Method: http.MethodGet, Path: "/user", Query: url.Values{"uid": {uid}}}, &u)
	return u, err
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
