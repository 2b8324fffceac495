package b2

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// maxKeyCount is the largest page b2_list_keys serves; B2 bills a list
// per 1,000 keys asked for, whatever the page.
const maxKeyCount = 10000

// maxListPages bounds a list's pages: a hundred million keys.
const maxListPages = 10000

type keyPage struct {
	Keys                 []apiKey `json:"keys"`
	NextApplicationKeyID *string  `json:"nextApplicationKeyId"`
}

// listFrom reads up to count keys from id on (B2 lists by id, the start
// included).
func (b *Backend) listFrom(ctx context.Context, start string, count int) (keyPage, error) {
	var page keyPage
	err := b.call(ctx, "list keys", "b2_list_keys", func(account string) any {
		body := map[string]any{"accountId": account, "maxKeyCount": count}
		if start != "" {
			body["startApplicationKeyId"] = start
		}
		return body
	}, &page)
	return page, err
}

// readOne reads one key: B2 has no call for one key, so it lists one key
// from the id on and checks that it is the key asked for.
func (b *Backend) readOne(ctx context.Context, id string) (apiKey, error) {
	page, err := b.listFrom(ctx, id, 1)
	if err != nil {
		return apiKey{}, err
	}
	if len(page.Keys) == 0 || page.Keys[0].ApplicationKeyID != id {
		return apiKey{}, fmt.Errorf("read key %s: %w", id, backend.ErrNotFound)
	}
	return page.Keys[0], nil
}

// listAll reads every key of the account, pages of 10,000.
func (b *Backend) listAll(ctx context.Context) (map[string]apiKey, error) {
	keys := map[string]apiKey{}
	start := ""
	for range maxListPages {
		page, err := b.listFrom(ctx, start, maxKeyCount)
		if err != nil {
			return nil, err
		}
		for _, k := range page.Keys {
			keys[k.ApplicationKeyID] = k
		}
		if page.NextApplicationKeyID == nil || *page.NextApplicationKeyID == "" {
			return keys, nil
		}
		start = *page.NextApplicationKeyID
	}
	return nil, fmt.Errorf("list keys: more than %d pages of %d keys", maxListPages, maxKeyCount)
}

// GetKey reads one key: alone, or from the account's list once the
// process reads more than one key.
func (b *Backend) GetKey(ctx context.Context, id string) (backend.Key, error) {
	k, err := b.reads.Get(ctx, id)
	if err != nil {
		return backend.Key{}, err
	}
	names, err := b.bucketList(ctx)
	if err != nil {
		return backend.Key{}, err
	}
	key := k.toKey(names.byID)
	key.SecretKey = ""
	return key, nil
}

// ListKeys returns every key of the account, the provider's own credential
// left out.
func (b *Backend) ListKeys(ctx context.Context) ([]backend.Key, error) {
	all, err := b.keys.Get(ctx, "", b.listAll)
	if err != nil {
		return nil, err
	}
	names, err := b.bucketList(ctx)
	if err != nil {
		return nil, err
	}
	keys := make([]backend.Key, 0, len(all))
	for id, k := range all {
		if id != b.cfg.KeyID {
			keys = append(keys, k.toKey(names.byID))
		}
	}
	slices.SortFunc(keys, func(a, b backend.Key) int { return strings.Compare(a.ID, b.ID) })
	return keys, nil
}

// DeleteKey revokes a key; one already gone is not an error. B2 answers
// bad_request for a key it does not hold, so a refusal counts as gone only
// once a read confirms it. The provider's own credential is never deleted.
func (b *Backend) DeleteKey(ctx context.Context, id string) error {
	defer b.keys.Invalidate("")
	if id == b.cfg.KeyID {
		return fmt.Errorf("delete key %s: it is the application key this provider runs with (b2.application_key_id); it is never deleted", id)
	}
	err := b.call(ctx, "delete key "+id, "b2_delete_key", func(string) any { return map[string]any{"applicationKeyId": id} }, nil)
	if httpapi.CodeOf(err) != codeBadRequest {
		return err
	}
	if _, readErr := b.readOne(ctx, id); backend.IsNotFound(readErr) {
		return nil
	}
	return err
}
