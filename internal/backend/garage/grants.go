package garage

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// SetGrant sets a key's flags on one bucket to the permission's: read, and
// write for read_write; the others are denied (setFlags).
func (b *Backend) SetGrant(ctx context.Context, keyID string, g backend.Grant) error {
	defer b.wrote()
	if !IsOurs(keyID) {
		return b.notFound(ctx, keyID)
	}
	return b.setFlags(ctx, keyID, g, nil)
}

// RemoveGrant takes every flag from a key on one bucket; a bucket or key
// already gone is not an error.
func (b *Backend) RemoveGrant(ctx context.Context, keyID string, g backend.Grant) error {
	defer b.wrote()
	if !IsOurs(keyID) {
		return b.unlessGone(ctx, keyID)
	}
	bucketID, err := b.bucketID(ctx, g.Bucket)
	if httpapi.CodeOf(err) == codeNoSuchBucket {
		return nil
	}
	if err != nil {
		return err
	}
	err = b.grant(ctx, "DenyBucketKey", keyID, bucketID, permissions{Read: true, Write: true, Owner: true})
	if backend.IsNotFound(err) || httpapi.CodeOf(err) == codeNoSuchBucket {
		return nil
	}
	return err
}

// setFlags gives a key exactly the flags of a grant on one bucket: it
// allows what the grant sets and denies the rest, owner included (an
// owner flag set elsewhere is drift, taken away). held, when known, are
// the key's flags now, and only what differs is sent.
func (b *Backend) setFlags(ctx context.Context, keyID string, g backend.Grant, held *permissions) error {
	bucketID, err := b.bucketID(ctx, g.Bucket)
	if err != nil {
		return err
	}
	want := flagsOf(g.Permission)
	allow, deny := want, permissions{Read: !want.Read, Write: !want.Write, Owner: true}
	if held != nil {
		allow = permissions{Read: want.Read && !held.Read, Write: want.Write && !held.Write}
		deny = permissions{Read: !want.Read && held.Read, Write: !want.Write && held.Write, Owner: held.Owner}
	}
	if allow != (permissions{}) {
		if err := b.grant(ctx, "AllowBucketKey", keyID, bucketID, allow); err != nil {
			return err
		}
	}
	if deny != (permissions{}) {
		return b.grant(ctx, "DenyBucketKey", keyID, bucketID, deny)
	}
	return nil
}

// grant sends AllowBucketKey or DenyBucketKey: each flag set is allowed or
// denied, the others left alone, so it may repeat.
func (b *Backend) grant(ctx context.Context, op, keyID, bucketID string, p permissions) error {
	body := grantBody{BucketID: bucketID, AccessKeyID: keyID, Permissions: p}
	return b.call(ctx, fmt.Sprintf("%s of key %s", op, keyID), httpapi.Request{Method: http.MethodPost, Path: "/" + op, Body: body, Idempotent: true}, nil)
}

// bucketID resolves a bucket's global alias to its id, once per run.
func (b *Backend) bucketID(ctx context.Context, alias string) (string, error) {
	b.bucketMu.Lock()
	id, ok := b.bucketIDs[alias]
	b.bucketMu.Unlock()
	if ok {
		return id, nil
	}
	var info bucketInfo
	err := b.call(ctx, "find bucket "+alias, httpapi.Request{Method: http.MethodGet, Path: "/GetBucketInfo", Query: url.Values{"globalAlias": {alias}}}, &info)
	if httpapi.CodeOf(err) == codeNoSuchBucket {
		return "", fmt.Errorf("bucket %q does not exist in Garage (no bucket has that global alias): create it first, since a "+
			"Garage key is allowed only on a bucket that exists: %w", alias, err)
	}
	if err != nil {
		return "", err
	}
	b.bucketMu.Lock()
	b.bucketIDs[alias] = info.ID
	b.bucketMu.Unlock()
	return info.ID, nil
}
