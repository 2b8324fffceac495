// Package memory is an in-process backend whose capabilities are chosen by
// its user. It lets the provider's plan logic be tested against any row of
// the capability table without a service, and runs the conformance suite
// like every other backend.
package memory

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// Backend keeps keys in a map.
type Backend struct {
	caps  backend.Capabilities
	calls atomic.Int64

	mu   sync.Mutex
	keys map[string]backend.Key
	next int
}

var _ backend.Driver = (*Backend)(nil)

// New returns an empty backend with the given capabilities.
func New(caps backend.Capabilities) *Backend {
	return &Backend{caps: caps, keys: map[string]backend.Key{}}
}

// KindOf is a test-only backend of this package with the capability row
// caps, as the provider's test seam offers it: its block is "memory" and
// its title names it a test backend, whatever row it copies.
func KindOf(caps backend.Capabilities) backend.Kind {
	return backend.Kind{
		Name: "memory", Title: "the in-memory test backend", Capabilities: caps,
		Settings: []backend.Setting{{Name: "label", Title: "Label", Env: "OBJECTSTORAGE_MEMORY_LABEL",
			Description: "A label for the test backend; it changes nothing."}},
	}
}

// Calls counts the calls that would reach a service (everything but
// Capabilities, ValidateKey and ValidateID).
func (b *Backend) Calls() int64 { return b.calls.Load() }

func (b *Backend) Capabilities() backend.Capabilities { return b.caps }

// ValidateKey checks for a name of 1 to 64 characters.
func (b *Backend) ValidateKey(spec backend.KeySpec) []backend.InvalidInputError {
	if len(spec.Name) < 1 || len(spec.Name) > 64 {
		return []backend.InvalidInputError{{Field: backend.FieldName, Detail: "use 1 to 64 characters."}}
	}
	return nil
}

// ValidateID takes any id that is not empty.
func (b *Backend) ValidateID(id string) *backend.InvalidInputError {
	if id == "" {
		return &backend.InvalidInputError{Field: backend.FieldID, Detail: "an id is not empty."}
	}
	return nil
}

// contractBroken reports a request the portable layer should have refused:
// drivers receive only valid requests, and this one checks that they do.
func (b *Backend) contractBroken(spec backend.KeySpec) error {
	if errs := backend.Open(b).Validate(spec); len(errs) > 0 {
		return fmt.Errorf("memory backend: an invalid request reached the driver: %w", &errs[0])
	}
	return nil
}

func (b *Backend) CreateKey(_ context.Context, spec backend.KeySpec) (backend.Key, error) {
	b.calls.Add(1)
	if err := b.contractBroken(spec); err != nil {
		return backend.Key{}, err
	}
	secret := make([]byte, 20)
	if _, err := rand.Read(secret); err != nil {
		return backend.Key{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next++
	id := fmt.Sprintf("mem-%d", b.next)
	if b.caps.InstanceScoped {
		id = backend.ScopedID(spec.InstanceID, id)
	}
	secretKey := spec.SecretKey
	if secretKey == "" {
		secretKey = hex.EncodeToString(secret)
	}
	key := apply(backend.Key{
		ID: id, AccessKey: fmt.Sprintf("MEMACCESS%011d", b.next), SecretKey: secretKey,
		CreatedAt: time.Now().UTC().Truncate(time.Second),
	}, spec)
	b.keys[id] = key
	created := key
	if !b.caps.ReportsCreation {
		created.CreatedAt = time.Time{}
	}
	return created, nil
}

func (b *Backend) GetKey(_ context.Context, id string) (backend.Key, error) {
	b.calls.Add(1)
	b.mu.Lock()
	defer b.mu.Unlock()
	key, ok := b.keys[id]
	if !ok {
		return backend.Key{}, fmt.Errorf("key %q: %w", id, backend.ErrNotFound)
	}
	return b.reveal(key), nil
}

func (b *Backend) ListKeys(context.Context) ([]backend.Key, error) {
	b.calls.Add(1)
	b.mu.Lock()
	defer b.mu.Unlock()
	keys := make([]backend.Key, 0, len(b.keys))
	for _, k := range b.keys {
		keys = append(keys, b.reveal(k))
	}
	return keys, nil
}

func (b *Backend) UpdateKey(_ context.Context, id string, spec backend.KeySpec) (backend.Key, error) {
	b.calls.Add(1)
	if err := b.contractBroken(spec); err != nil {
		return backend.Key{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	key, ok := b.keys[id]
	if !ok {
		return backend.Key{}, fmt.Errorf("key %q: %w", id, backend.ErrNotFound)
	}
	if key.Name != spec.Name && !b.caps.RenameInPlace {
		return backend.Key{}, fmt.Errorf("this backend cannot rename key %q in place", id)
	}
	if spec.KeepGrants {
		spec.Grants = key.Grants
	}
	if (key.Limited != spec.Limited || !slices.Equal(key.Grants, sorted(spec.Grants))) && !b.caps.GrantsMutable {
		return backend.Key{}, fmt.Errorf("this backend cannot change the grants of key %q in place", id)
	}
	key = apply(key, spec)
	if spec.SecretKey != "" {
		key.SecretKey = spec.SecretKey
	}
	b.keys[id] = key
	return b.reveal(key), nil
}

func (b *Backend) DeleteKey(_ context.Context, id string) error {
	b.calls.Add(1)
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.keys, id)
	return nil
}

func (b *Backend) SetGrant(_ context.Context, keyID string, grant backend.Grant) error {
	return b.changeGrants(keyID, grant, func(grants []backend.Grant) []backend.Grant { return append(grants, grant) })
}

func (b *Backend) RemoveGrant(_ context.Context, keyID string, grant backend.Grant) error {
	err := b.changeGrants(keyID, grant, func(grants []backend.Grant) []backend.Grant { return grants })
	if backend.IsNotFound(err) {
		return nil
	}
	return err
}

// changeGrants drops the grant on grant.Bucket, then lets change add one.
func (b *Backend) changeGrants(keyID string, grant backend.Grant, change func([]backend.Grant) []backend.Grant) error {
	b.calls.Add(1)
	if !b.caps.GrantsMutable {
		return fmt.Errorf("memory backend: a grant change reached a driver without GrantsMutable: %w", backend.GrantChangeRefused())
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	key, ok := b.keys[keyID]
	if !ok {
		return fmt.Errorf("key %q: %w", keyID, backend.ErrNotFound)
	}
	if !key.Limited {
		return &backend.InvalidInputError{Field: backend.FieldKey, Detail: "the key is not limited."}
	}
	grants := slices.DeleteFunc(slices.Clone(key.Grants), func(g backend.Grant) bool { return g.Bucket == grant.Bucket })
	key.Grants = sorted(change(grants))
	b.keys[keyID] = key
	return nil
}

// reveal hides the secret unless the backend can show it again, and the
// creation time unless it reports one.
func (b *Backend) reveal(k backend.Key) backend.Key {
	if !b.caps.SecretReadable {
		k.SecretKey = ""
	}
	if !b.caps.ReportsCreation {
		k.CreatedAt = time.Time{}
	}
	return k
}

func apply(k backend.Key, spec backend.KeySpec) backend.Key {
	k.Name, k.Limited, k.Regions, k.InstanceID = spec.Name, spec.Limited, slices.Clone(spec.Regions), spec.InstanceID
	k.Disabled, k.ExpiresAt = spec.Disabled, spec.ExpiresAt.UTC()
	k.Grants = nil
	if spec.Limited {
		k.Grants = sorted(spec.Grants)
	}
	return k
}

func sorted(grants []backend.Grant) []backend.Grant {
	out := slices.Clone(grants)
	backend.SortGrants(out)
	return out
}
