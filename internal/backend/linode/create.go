package linode

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/httpapi"
)

// CreateKey creates a key and returns it with its secret, the only time
// Linode shows it. After an ambiguous failure the shared client asks for
// the key the create may have made (same label, not there before, not made
// by this process for another resource) to be revoked before it tries once
// more; see httpapi.Client.Create.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	if err := backend.FirstInvalid(b.ValidateKey(spec)); err != nil {
		return backend.Key{}, err
	}
	before, err := b.idsLabelled(ctx, spec.Name)
	if err != nil {
		return backend.Key{}, fmt.Errorf("create key: list the account's keys first, to tell a failed create's key apart: %w", err)
	}
	req := httpapi.Request{Method: http.MethodPost, Path: b.keysPath(), Body: createBodyFor(spec)}
	resp, err := b.api.Create(ctx, req, func(ctx context.Context) (int, error) {
		b.keys.Invalidate(accountWide)
		revoked, err := b.revokeOrphans(ctx, spec.Name, before)
		tflog.Warn(ctx, "a create failed without a clear answer; revoked what it may have made", map[string]any{"label": spec.Name, "revoked": revoked})
		return len(revoked), err
	})
	if err != nil {
		return backend.Key{}, fmt.Errorf("create key: %w", err)
	}
	if resp.Status != http.StatusOK {
		return backend.Key{}, apiError("create key", resp)
	}
	var k apiKey
	if err := json.Unmarshal(resp.Body, &k); err != nil {
		return backend.Key{}, fmt.Errorf("create key: decode Linode's answer: %w", err)
	}
	id := strconv.Itoa(k.ID)
	b.created.Store(id, true)
	b.keys.Put(accountWide, id, k.withoutSecret())
	return k.toKey(), nil
}

// idsLabelled returns the ids of the account's keys with a label.
func (b *Backend) idsLabelled(ctx context.Context, label string) (map[string]bool, error) {
	keys, err := b.keys.Get(ctx, accountWide, b.loadAll)
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for id, k := range keys {
		if k.Label == label {
			ids[id] = true
		}
	}
	return ids, nil
}

// revokeOrphans revokes the keys labelled label that were not there before
// and that this process did not create for another resource.
func (b *Backend) revokeOrphans(ctx context.Context, label string, before map[string]bool) ([]string, error) {
	keys, err := b.keys.Get(ctx, accountWide, b.loadAll)
	if err != nil {
		return nil, err
	}
	var revoked []string
	for id, k := range keys {
		if _, ours := b.created.Load(id); k.Label != label || before[id] || ours {
			continue
		}
		if err := b.DeleteKey(ctx, id); err != nil {
			return revoked, fmt.Errorf("revoke key %s: %w", id, err)
		}
		revoked = append(revoked, id)
	}
	return revoked, nil
}
