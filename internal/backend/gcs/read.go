package gcs

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	iam "google.golang.org/api/iam/v1"
	storage "google.golang.org/api/storage/v1"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// GetKey reads one key: its HMAC key, its account (proven the provider's,
// unless the key was moved in with its account named in its id), and the
// account's bindings in every bucket's policy. Many reads in one run share
// one list of each (listcache) and one read of each bucket's policy.
func (b *Backend) GetKey(ctx context.Context, id string) (backend.Key, error) {
	r := refOf(id)
	k, err := b.hmacKeys.Get(ctx, r.accessID)
	if err != nil {
		return backend.Key{}, err
	}
	a, err := b.accountOf(ctx, id, k)
	if err != nil {
		return backend.Key{}, err
	}
	all, err := b.policies.all(ctx)
	if err != nil {
		return backend.Key{}, err
	}
	return b.toKey(id, k, a, all), nil
}

// accountOf is the account of key id's HMAC key, refused unless the
// provider made it or the id names it. A key whose account is gone is gone.
func (b *Backend) accountOf(ctx context.Context, id string, k *storage.HmacKeyMetadata) (*iam.ServiceAccount, error) {
	r := refOf(id)
	if r.adopted && r.email != k.ServiceAccountEmail {
		return nil, fmt.Errorf("read key %s: its HMAC key belongs to service account %s: %w", id, k.ServiceAccountEmail, backend.ErrNotFound)
	}
	a, err := b.accounts.Get(ctx, k.ServiceAccountEmail)
	if backend.IsNotFound(err) && b.young(k) {
		a, err = b.settledAccount(ctx, k)
	}
	if backend.IsNotFound(err) {
		return nil, fmt.Errorf("read key %s: its service account %s is gone: %w", id, k.ServiceAccountEmail, backend.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	if !r.adopted && !b.isOurs(a) {
		return nil, b.notOurs(id, a)
	}
	return a, nil
}

// settledAccount reads the account of HMAC key k afresh. IAM is
// eventually consistent: an account made moments ago may not be read yet,
// so for a young key a not-found answer is read again, up to 15 seconds,
// and a key never looks gone (or unproven) for that.
func (b *Backend) settledAccount(ctx context.Context, k *storage.HmacKeyMetadata) (*iam.ServiceAccount, error) {
	return b.awaitAccount(ctx, k.ServiceAccountEmail, func() bool { return b.young(k) })
}

// awaitAccount reads an account afresh, and reads a not-found answer again,
// 1, 2, 4 and 8 seconds later, while settling says IAM may not show the
// account yet.
func (b *Backend) awaitAccount(ctx context.Context, email string, settling func() bool) (*iam.ServiceAccount, error) {
	a, err := b.getAccount(ctx, email)
	for wait := time.Second; backend.IsNotFound(err) && settling() && wait <= 8*time.Second; wait *= 2 {
		if sleep(ctx, wait) != nil {
			break
		}
		a, err = b.getAccount(ctx, email)
	}
	return a, err
}

// young reports whether an HMAC key was made less than NewAccountWait
// ago, so that its account may not be read yet.
func (b *Backend) young(k *storage.HmacKeyMetadata) bool {
	made, err := time.Parse(time.RFC3339, k.TimeCreated)
	return err == nil && time.Since(made) < b.cfg.NewAccountWait
}

// toKey is a key as the service holds it.
func (b *Backend) toKey(id string, k *storage.HmacKeyMetadata, a *iam.ServiceAccount, all map[string]*storage.Policy) backend.Key {
	key := backend.Key{ID: id, Name: a.DisplayName, AccessKey: k.AccessId, Limited: true, Disabled: k.State == inactive,
		Grants: grantsOf(all, a.Email)}
	if key.Name == "" {
		// An account made elsewhere may have no display name: the key is
		// named after the account, as a move names it.
		key.Name, _, _ = strings.Cut(a.Email, "@")
	}
	if t, err := time.Parse(time.RFC3339, k.TimeCreated); err == nil {
		key.CreatedAt = t.UTC()
	}
	return key
}

// ListKeys returns the keys of the accounts the provider made: one list
// of HMAC keys, one of accounts, and every bucket's policy.
func (b *Backend) ListKeys(ctx context.Context) ([]backend.Key, error) {
	hmacKeys, err := b.hmacKeys.List(ctx)
	if err != nil {
		return nil, err
	}
	accounts, err := b.accounts.List(ctx)
	if err != nil {
		return nil, err
	}
	all, err := b.policies.all(ctx)
	if err != nil {
		return nil, err
	}
	var keys []backend.Key
	for _, accessID := range slices.Sorted(maps.Keys(hmacKeys)) {
		k := hmacKeys[accessID]
		if a, ok := accounts[k.ServiceAccountEmail]; ok && b.isOurs(a) {
			keys = append(keys, b.toKey(accessID, k, a, all))
		}
	}
	return keys, nil
}

// mayBeUnseen reports whether this process made the account lately
// enough that Cloud Storage may not see it yet.
func (b *Backend) mayBeUnseen(email string) bool {
	b.madeMu.Lock()
	defer b.madeMu.Unlock()
	made, ok := b.madeAccounts[email]
	return ok && time.Since(made) < b.cfg.NewAccountWait
}
