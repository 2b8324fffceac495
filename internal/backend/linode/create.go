package linode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/httpapi"
)

// createTries bounds the tries of one create: the first, and one more after
// an ambiguous failure whose possible orphans were revoked.
const createTries = 2

// CreateKey creates a key and returns it with its secret, the only time
// Linode shows it. A POST is never retried blindly: when it fails without
// a clear answer (no answer, or a 5xx), the key it may have made is looked
// for (same label, not there before the POST, not made by this process for
// another resource) and revoked, since its secret can never be known; then
// the create is tried once more.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	if err := backend.FirstInvalid(b.ValidateKey(spec)); err != nil {
		return backend.Key{}, err
	}
	before, err := b.idsLabelled(ctx, spec.Name)
	if err != nil {
		return backend.Key{}, fmt.Errorf("create key: list the account's keys first, to tell a failed create's key apart: %w", err)
	}
	body := createBodyFor(spec)
	for try := 1; ; try++ {
		resp, err := b.api.Do(ctx, httpapi.Request{Method: http.MethodPost, Path: b.keysPath(), Body: body})
		if err == nil && resp.Status == http.StatusOK {
			var k apiKey
			if err := json.Unmarshal(resp.Body, &k); err != nil {
				return backend.Key{}, fmt.Errorf("create key: decode Linode's answer: %w", err)
			}
			id := strconv.Itoa(k.ID)
			b.created.Store(id, true)
			b.keys.Put(accountWide, id, k.withoutSecret())
			return k.toKey(), nil
		}
		if !httpapi.IsAmbiguous(resp, err) {
			if err != nil {
				return backend.Key{}, fmt.Errorf("create key: %w", err)
			}
			return backend.Key{}, apiError("create key", resp)
		}
		failure := describe(resp, err)
		b.keys.Invalidate(accountWide)
		revoked, cleanupErr := b.revokeOrphans(ctx, spec.Name, before)
		if cleanupErr != nil {
			return backend.Key{}, fmt.Errorf("create key: %s, and the search for a key it may have made failed: %w; "+
				"look for keys labelled %q that Terraform does not know and revoke them", failure, cleanupErr, spec.Name)
		}
		tflog.Warn(ctx, "a create failed without a clear answer; revoked what it may have made", map[string]any{
			"label": spec.Name, "revoked": revoked, "try": try, "failure": failure,
		})
		if try == createTries {
			return backend.Key{}, fmt.Errorf("create key: %s on each of %d tries; the %d key(s) these tries made were revoked, "+
				"so nothing is left behind: apply again later", failure, createTries, len(revoked))
		}
	}
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

func describe(resp *httpapi.Response, err error) string {
	var transport *httpapi.TransportError
	if errors.As(err, &transport) {
		return "Linode did not answer (" + transport.Err.Error() + ")"
	}
	return fmt.Sprintf("Linode answered %d", resp.Status)
}
