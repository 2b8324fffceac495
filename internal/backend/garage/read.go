package garage

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/listcache"
)

// GetKey reads one key: alone (GetKeyInfo, with its secret), or from the
// bulk read once the process reads more keys than the bulk read costs.
func (b *Backend) GetKey(ctx context.Context, id string) (backend.Key, error) {
	if !IsOurs(id) {
		return backend.Key{}, b.notFound(ctx, id)
	}
	info, err := b.reads.Get(ctx, id)
	if err != nil {
		return backend.Key{}, err
	}
	return info.toKey(), nil
}

// notFound tells a key of another's (refused by its missing mark) from
// none at all.
func (b *Backend) notFound(ctx context.Context, id string) error {
	if _, err := b.keyInfo(ctx, id); err != nil {
		return err
	}
	return notOurs(id)
}

// unlessGone refuses a removal (of a key, of a grant) on a key without the
// backend's mark, unless the key is gone already.
func (b *Backend) unlessGone(ctx context.Context, id string) error {
	if err := b.notFound(ctx, id); !backend.IsNotFound(err) {
		return err
	}
	return nil
}

// keyInfo reads one key with GetKeyInfo, its secret included.
func (b *Backend) keyInfo(ctx context.Context, id string) (keyInfo, error) {
	var info keyInfo
	q := url.Values{"id": {id}, "showSecretKey": {"true"}}
	if err := b.call(ctx, "read key "+id, httpapi.Request{Method: http.MethodGet, Path: "/GetKeyInfo", Query: q}, &info); err != nil {
		return keyInfo{}, err
	}
	if info.AccessKeyID != id {
		return keyInfo{}, fmt.Errorf("read key %s: Garage answered with key %q", id, info.AccessKeyID)
	}
	return info, nil
}

func (b *Backend) call(ctx context.Context, op string, req httpapi.Request, out any) error {
	resp, err := b.api.Do(ctx, req)
	return decode(op, resp, err, out)
}

// bucketParallelism bounds the bucket reads of a bulk read in flight.
const bucketParallelism = 8

// loadForReads is the bulk read for GetKey: when it costs more than one
// read per key, single reads serve the process instead.
func (b *Backend) loadForReads(ctx context.Context) (map[string]keyInfo, error) {
	return b.load(ctx, true)
}

// loadAll reads every key of the backend's with its grants, without
// secrets: the list of keys, the list of buckets, and each bucket's keys
// and flags, 2 + buckets requests whatever the number of keys.
func (b *Backend) loadAll(ctx context.Context) (map[string]keyInfo, error) { return b.load(ctx, false) }

func (b *Backend) load(ctx context.Context, onlyIfCheaper bool) (map[string]keyInfo, error) {
	var listed []listedKey
	if err := b.call(ctx, "list keys", httpapi.Request{Method: http.MethodGet, Path: "/ListKeys"}, &listed); err != nil {
		return nil, err
	}
	keys := map[string]keyInfo{}
	for _, k := range listed {
		if IsOurs(k.ID) {
			keys[k.ID] = keyInfo{AccessKeyID: k.ID, Name: k.Name, Created: k.Created, Expiration: k.Expiration}
		}
	}
	var buckets []listedBucket
	if err := b.call(ctx, "list buckets", httpapi.Request{Method: http.MethodGet, Path: "/ListBuckets"}, &buckets); err != nil {
		return nil, err
	}
	if onlyIfCheaper && 2+len(buckets) > len(keys) {
		return nil, fmt.Errorf("%d buckets for %d keys: %w", len(buckets), len(keys), listcache.ErrPerItem)
	}
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(bucketParallelism)
	for _, lb := range buckets {
		g.Go(func() error {
			var info bucketInfo
			q := url.Values{"id": {lb.ID}}
			err := b.call(gctx, "read bucket "+lb.ID, httpapi.Request{Method: http.MethodGet, Path: "/GetBucketInfo", Query: q}, &info)
			if httpapi.CodeOf(err) == codeNoSuchBucket {
				return nil // deleted since the list
			}
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			for _, bk := range info.Keys {
				if k, ok := keys[bk.AccessKeyID]; ok {
					k.Buckets = append(k.Buckets, keyBucket{ID: info.ID, GlobalAliases: info.GlobalAliases, Permissions: bk.Permissions})
					keys[bk.AccessKeyID] = k
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return keys, nil
}

// ListKeys returns every key the backend made, from the bulk read.
func (b *Backend) ListKeys(ctx context.Context) ([]backend.Key, error) {
	all, err := b.keys.Get(ctx, "", b.loadAll)
	if err != nil {
		return nil, err
	}
	keys := make([]backend.Key, 0, len(all))
	for _, info := range all {
		keys = append(keys, info.toKey())
	}
	slices.SortFunc(keys, func(a, b backend.Key) int { return strings.Compare(a.ID, b.ID) })
	return keys, nil
}

// wrote drops the bulk read after a write: the next read reads afresh.
func (b *Backend) wrote() { b.keys.Invalidate("") }
