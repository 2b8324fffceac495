package linode

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/httpapi"
)

// pendingLabelPrefix begins the label a key has while it is being created.
// A create sends a label nobody else can have chosen (this prefix and 96
// random bits) and gives the key its real label as soon as it exists. After
// an unclear answer, a key with that label is the create's own beyond
// doubt: it is revoked (its secret is lost with the answer) before the
// create is tried again. No other key is ever revoked.
const pendingLabelPrefix = "objectstorage-creating-"

// CreateKey creates a key and returns it with its secret, the only time
// Linode shows it: a POST under a pending label, then a PUT of the real
// label. See backend.CreateOnce for what happens after an unclear answer.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	var pending string
	created, err := backend.CreateOnce(ctx,
		func(ctx context.Context, _ int) (apiKey, bool, error) {
			label, err := pendingLabel()
			if err != nil {
				return apiKey{}, false, err
			}
			pending = label
			req := httpapi.Request{Method: http.MethodPost, Path: b.keysPath(), Body: createBodyFor(spec, pending)}
			resp, err := b.api.Do(ctx, req)
			if httpapi.Unclear(resp, err) {
				return apiKey{}, true, decode("create key", resp, err, nil)
			}
			var k apiKey
			return k, false, decode("create key", resp, err, &k)
		},
		func(ctx context.Context, _ int) (backend.Settled[apiKey], error) {
			return b.revokePending(ctx, pending)
		})
	if err != nil {
		return backend.Key{}, fmt.Errorf("create key: %w", err)
	}
	id := strconv.Itoa(created.ID)
	if err := b.call(ctx, "label key "+id, httpapi.Request{Method: http.MethodPut, Path: b.keyPath(id), Body: updateBody{Label: spec.Name}}, nil); err != nil {
		b.keys.Invalidate(accountWide)
		made := created.toKey()
		return backend.Key{}, &backend.UncertainCreateError{Key: &made, Err: fmt.Errorf(
			"create key: key %s was made under the label %q but could not be given its label %q (%w)", id, pending, spec.Name, err)}
	}
	created.Label = spec.Name
	b.keys.Put(accountWide, id, created.withoutSecret())
	return created.toKey(), nil
}

// pendingLabel draws a label for one create attempt.
func pendingLabel() (string, error) {
	suffix := make([]byte, 12)
	if _, err := rand.Read(suffix); err != nil {
		return "", fmt.Errorf("draw a pending label: %w", err)
	}
	return pendingLabelPrefix + hex.EncodeToString(suffix), nil
}

// revokePending revokes the key labelled label, if an unclear create made
// one. It reads the whole list afresh: the cached one may predate the
// create.
func (b *Backend) revokePending(ctx context.Context, label string) (backend.Settled[apiKey], error) {
	b.keys.Invalidate(accountWide)
	keys, err := b.loadAll(ctx)
	if err != nil {
		return backend.Settled[apiKey]{}, fmt.Errorf("list the account's keys: %w; a key labelled %q may exist, "+
			"made by this create and never handed out: revoke it", err, label)
	}
	var settled backend.Settled[apiKey]
	for id, k := range keys {
		if k.Label != label {
			continue
		}
		if err := b.DeleteKey(ctx, id); err != nil {
			return settled, fmt.Errorf("revoke key %s (labelled %q), which this create made and never handed out: %w; revoke it", id, label, err)
		}
		tflog.Warn(ctx, "revoked the key an unclear create made", map[string]any{"id": id, "label": label})
		settled.Removed = append(settled.Removed, id)
	}
	return settled, nil
}
