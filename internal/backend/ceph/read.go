package ceph

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// GetKey reads a key: its user (name, suspension, secret) and its policy,
// in one request.
func (b *Backend) GetKey(ctx context.Context, id string) (backend.Key, error) {
	u, k, doc, err := b.own(ctx, id)
	if err != nil {
		return backend.Key{}, err
	}
	return keyOf(u, k, doc)
}

// own reads the user of key id and proves it the backend's: under the
// backend's uid for the key, carrying its mark, holding the key.
func (b *Backend) own(ctx context.Context, id string) (user, s3Key, string, error) {
	uid := b.uidOf(id)
	u, doc, err := b.readUser(ctx, uid)
	if backend.IsNotFound(err) {
		return user{}, s3Key{}, "", b.notFound(ctx, id)
	}
	if err != nil {
		return user{}, s3Key{}, "", err
	}
	if !u.ours() {
		return user{}, s3Key{}, "", &backend.NotOursError{
			ID: id, Owner: fmt.Sprintf("Ceph RGW user %q, which this provider did not make (it lacks the provider's mark)", uid),
			Us: "the users this provider made", Remedy: b.remedy(),
		}
	}
	k, ok := u.key(id)
	if !ok {
		return user{}, s3Key{}, "", fmt.Errorf("read key %s: user %s no longer holds it: %w", id, uid, backend.ErrNotFound)
	}
	return u, k, doc, nil
}

// notFound explains a key whose user does not exist: an access key held by
// another user is not the backend's, which an import must hear; any other
// is gone. RGW answers AccessDenied to a lookup of an access key nobody
// holds (the caller's caps were proven by the read before).
func (b *Backend) notFound(ctx context.Context, id string) error {
	owner, err := b.ownerOf(ctx, id)
	if err == nil && owner.UserID != "" {
		return &backend.NotOursError{
			ID: id, Owner: fmt.Sprintf("Ceph RGW user %q", owner.UserID), Us: "the users this provider made", Remedy: b.remedy(),
		}
	}
	return fmt.Errorf("read key %s: %w", id, backend.ErrNotFound)
}

func (b *Backend) remedy() string {
	return "Keys of users this provider did not make stay theirs; make a new key with objectstorage_access_key."
}

// keyOf is a key as its user and policy say.
func keyOf(u user, k s3Key, doc string) (backend.Key, error) {
	limited, grants, err := grantsOf(doc)
	if err != nil {
		return backend.Key{}, fmt.Errorf("read the policy of user %s: %w", u.UserID, err)
	}
	return backend.Key{
		ID: k.AccessKey, AccessKey: k.AccessKey, SecretKey: k.SecretKey, Name: u.DisplayName,
		Limited: limited, Grants: grants, Disabled: u.Suspended != 0,
	}, nil
}

// listParallelism bounds the reads of a list in flight at once.
const listParallelism = 8

// ListKeys lists the users once and reads each of the backend's, one
// request a key: RGW has no list of users with their keys and policies.
// Users without the backend's mark are passed over unread beyond that.
func (b *Backend) ListKeys(ctx context.Context) ([]backend.Key, error) {
	ids, err := b.userIDs(ctx)
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex
	var keys []backend.Key
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(listParallelism)
	for _, uid := range ids {
		accessKey, ok := strings.CutPrefix(uid, b.cfg.UserPrefix)
		if !ok || b.ValidateID(accessKey) != nil {
			continue
		}
		g.Go(func() error {
			u, doc, err := b.readUser(ctx, uid)
			if backend.IsNotFound(err) {
				return nil // deleted since the list
			}
			if err != nil {
				return err
			}
			k, held := u.key(accessKey)
			if !u.ours() || !held {
				return nil
			}
			key, err := keyOf(u, k, doc)
			if err != nil {
				return err
			}
			mu.Lock()
			keys = append(keys, key)
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	slices.SortFunc(keys, func(a, b backend.Key) int { return strings.Compare(a.ID, b.ID) })
	return keys, nil
}
