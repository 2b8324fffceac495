package gcs

import (
	"context"
	"errors"
	"fmt"
	"time"

	iam "google.golang.org/api/iam/v1"
	storage "google.golang.org/api/storage/v1"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/create"
)

// CreateKey makes a key's service account, its HMAC key and its
// bindings, in that order. A create that fails part-way removes what it
// made; where that fails too, a key with its secret is handed back for
// the provider to keep in state and replace, and an account alone is
// named in the error.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	a, err := b.createAccount(ctx, spec.Name)
	if err != nil {
		return backend.Key{}, err
	}
	made, err := b.createHMACKey(ctx, a.Email)
	if err != nil {
		return backend.Key{}, b.undoAccount(ctx, a, err)
	}
	key := backend.Key{ID: made.Metadata.AccessId, Name: a.DisplayName, AccessKey: made.Metadata.AccessId, SecretKey: made.Secret,
		Limited: true, Grants: spec.Grants}
	if t, err := time.Parse(time.RFC3339, made.Metadata.TimeCreated); err == nil {
		key.CreatedAt = t.UTC()
	}
	if err := b.finish(ctx, a, made.Metadata, spec); err != nil {
		return backend.Key{}, b.undoKey(ctx, a, made.Metadata, key, err)
	}
	key.Disabled = spec.Disabled
	backend.SortGrants(key.Grants)
	return key, nil
}

// finish binds a new key's account on its buckets and switches the key
// off when asked.
func (b *Backend) finish(ctx context.Context, a *iam.ServiceAccount, k *storage.HmacKeyMetadata, spec backend.KeySpec) error {
	for _, g := range spec.Grants {
		if err := b.policies.set(ctx, g.Bucket, a.Email, g.Permission, true); err != nil {
			return err
		}
	}
	if spec.Disabled {
		if _, err := b.setState(ctx, k, inactive); err != nil {
			return err
		}
	}
	return nil
}

// createHMACKey makes an account's HMAC key. It waits, within
// NewAccountWait, for Cloud Storage to see an account made just now, and
// settles an unclear create by the account's keys: the account is new and
// the provider's, so a key on it is the attempt's, whose secret was lost
// with the answer; it is revoked before the create is sent again.
func (b *Backend) createHMACKey(ctx context.Context, email string) (*storage.HmacKey, error) {
	attempt := func(ctx context.Context, _ int) (*storage.HmacKey, bool, error) {
		for {
			k, err := b.storage.Projects.HmacKeys.Create(b.cfg.Project, email).Context(creating(ctx)).Do()
			if err == nil {
				if k.Metadata == nil || k.Secret == "" {
					return nil, true, errors.New("create key: Google Cloud answered without the key or its secret")
				}
				b.hmacCache.Put(b.hmacKeys.Scope, k.Metadata.AccessId, k.Metadata)
				return k, false, nil
			}
			code := codeOf(err)
			if (code == 404 || code == 400 && unseenAccount(err, email)) && b.mayBeUnseen(email) {
				if err := sleep(ctx, time.Second); err != nil {
					return nil, false, failedAt(b.cfg.StorageURL, "create key", err)
				}
				continue
			}
			return nil, unclear(err), failedAt(b.cfg.StorageURL, "create key", err)
		}
	}
	settle := create.FindMade[*storage.HmacKey]{
		Noun: "key", Mark: "of service account " + email,
		List: func(ctx context.Context) (map[string]*storage.HmacKey, error) {
			keys, err := b.hmacKeysOf(ctx, email)
			out := map[string]*storage.HmacKey{}
			for id, k := range keys {
				out[id] = &storage.HmacKey{Metadata: k}
			}
			return out, err
		},
		Made: func(string, *storage.HmacKey) bool { return true },
		Revoke: func(ctx context.Context, id string) error {
			k, err := b.getHMACKey(ctx, id)
			if backend.IsNotFound(err) {
				return nil
			}
			if err != nil {
				return err
			}
			return b.revokeHMACKey(ctx, k)
		},
	}
	return create.Once(ctx, attempt, settle.Settle)
}

// undoAccount deletes the account of a create that failed before its
// key was made.
func (b *Backend) undoAccount(ctx context.Context, a *iam.ServiceAccount, cause error) error {
	ctx = context.WithoutCancel(ctx)
	var uncertain *backend.UncertainCreateError
	if errors.As(cause, &uncertain) && uncertain.Unsettled {
		// A key may exist on the account: the account stays, so that it
		// can be found and proven the provider's.
		return cause
	}
	if err := b.deleteAccount(ctx, a.Email); err != nil {
		return fmt.Errorf("%w; its service account %s could not be deleted either (%v): delete it", cause, a.Email, err)
	}
	return cause
}

// undoKey removes a key whose create failed after its HMAC key was made:
// its bindings, the key and the account. Where that fails, the key is
// handed back whole, to be kept in state and replaced.
func (b *Backend) undoKey(ctx context.Context, a *iam.ServiceAccount, k *storage.HmacKeyMetadata, key backend.Key, cause error) error {
	ctx = context.WithoutCancel(ctx)
	err := b.policies.unbindAll(ctx, a.Email)
	if err == nil {
		err = b.revokeHMACKey(ctx, k)
	}
	if err == nil {
		err = b.deleteAccount(ctx, a.Email)
	}
	if err != nil {
		return &backend.UncertainCreateError{Key: &key, Err: fmt.Errorf("%w; removing the key it made failed too (%v), so the "+
			"key stays in the state, to be replaced by the next apply", cause, err)}
	}
	return cause
}
