package gcs

import (
	"context"
	"fmt"
	"time"

	storage "google.golang.org/api/storage/v1"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// HMAC key states.
const (
	active   = "ACTIVE"
	inactive = "INACTIVE"
	deleted  = "DELETED"
)

// hmacKeysPerPage is the largest page of HMAC keys the API serves.
const hmacKeysPerPage = 250

// getHMACKey reads one HMAC key; a deleted one is not found.
func (b *Backend) getHMACKey(ctx context.Context, accessID string) (*storage.HmacKeyMetadata, error) {
	k, err := b.getHMACKeyAny(ctx, accessID)
	if err == nil && k.State == deleted {
		return nil, fmt.Errorf("read key %s: it was deleted: %w", accessID, backend.ErrNotFound)
	}
	return k, err
}

// getHMACKeyAny reads one HMAC key, a deleted one too (Google answers for
// one a while after it was deleted).
func (b *Backend) getHMACKeyAny(ctx context.Context, accessID string) (*storage.HmacKeyMetadata, error) {
	k, err := b.storage.Projects.HmacKeys.Get(b.cfg.Project, accessID).Context(reading(ctx)).Do()
	if err != nil {
		return nil, failedAt(b.cfg.StorageURL, "read key "+accessID, err)
	}
	if k.AccessId != accessID {
		return nil, fmt.Errorf("read key %s: Google Cloud answered with key %q", accessID, k.AccessId)
	}
	return k, nil
}

// listHMACKeys reads the project's HMAC keys, deleted ones left out, by
// access id; with email, only that account's.
func (b *Backend) listHMACKeys(ctx context.Context) (map[string]*storage.HmacKeyMetadata, error) {
	return b.hmacKeysOf(ctx, "")
}

func (b *Backend) hmacKeysOf(ctx context.Context, email string) (map[string]*storage.HmacKeyMetadata, error) {
	out := map[string]*storage.HmacKeyMetadata{}
	err := eachPage("list keys", func(token string) (string, error) {
		call := b.storage.Projects.HmacKeys.List(b.cfg.Project).MaxResults(hmacKeysPerPage).PageToken(token)
		if email != "" {
			call = call.ServiceAccountEmail(email)
		}
		page, err := call.Context(reading(ctx)).Do()
		if err != nil {
			return "", failedAt(b.cfg.StorageURL, "list keys", err)
		}
		for _, k := range page.Items {
			if k.State != deleted {
				out[k.AccessId] = k
			}
		}
		return page.NextPageToken, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// setState switches an HMAC key on or off, with the etag it was read
// with. Google refuses an update that changes nothing, so a key already in
// the state is left alone.
func (b *Backend) setState(ctx context.Context, k *storage.HmacKeyMetadata, state string) (*storage.HmacKeyMetadata, error) {
	if k.State == state {
		return k, nil
	}
	changed, err := b.storage.Projects.HmacKeys.Update(b.cfg.Project, k.AccessId,
		&storage.HmacKeyMetadata{State: state, Etag: k.Etag}).Context(reading(ctx)).Do()
	if codeOf(err) == 412 {
		// The key changed since this run read it: read it again, and
		// switch it unless it is already so.
		fresh, getErr := b.getHMACKey(ctx, k.AccessId)
		if getErr != nil {
			return nil, getErr
		}
		b.hmacCache.Put(b.hmacKeys.Scope, fresh.AccessId, fresh)
		if fresh.State == state {
			return fresh, nil
		}
		changed, err = b.storage.Projects.HmacKeys.Update(b.cfg.Project, k.AccessId,
			&storage.HmacKeyMetadata{State: state, Etag: fresh.Etag}).Context(reading(ctx)).Do()
	}
	if err != nil {
		b.hmacCache.Invalidate(b.hmacKeys.Scope)
		return nil, failedAt(b.cfg.StorageURL, fmt.Sprintf("set key %s %s", k.AccessId, state), err)
	}
	b.hmacCache.Put(b.hmacKeys.Scope, changed.AccessId, changed)
	return changed, nil
}

// revokeHMACKey deactivates an HMAC key and deletes it. Google refuses to
// delete a key it still sees as active, for a while after the change; the
// delete is tried again until DeleteWait has passed. Past it, the key is
// left deactivated (it no longer signs anything) and the error says so:
// the next run finishes the delete.
func (b *Backend) revokeHMACKey(ctx context.Context, k *storage.HmacKeyMetadata) error {
	k, err := b.setState(ctx, k, inactive)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(b.cfg.DeleteWait)
	for wait := time.Second; ; wait = min(2*wait, 5*time.Second) {
		err = b.storage.Projects.HmacKeys.Delete(b.cfg.Project, k.AccessId).Context(reading(ctx)).Do()
		code := codeOf(err)
		switch {
		case err == nil || code == 404:
			b.hmacCache.Delete(b.hmacKeys.Scope, k.AccessId)
			return nil
		case code != 400 && code != 412:
			return failedAt(b.cfg.StorageURL, "delete key "+k.AccessId, err)
		case time.Now().Add(wait).After(deadline):
			return fmt.Errorf("%w. The key is revoked: it is deactivated and signs nothing, but Google Cloud does not yet "+
				"see the deactivation everywhere (it can take 3 minutes) and keeps the key until then. Run the same command "+
				"again in a few minutes to delete it", failedAt(b.cfg.StorageURL, "delete key "+k.AccessId, err))
		}
		select {
		case <-ctx.Done():
			return failedAt(b.cfg.StorageURL, "delete key "+k.AccessId, err)
		case <-time.After(wait):
		}
	}
}
