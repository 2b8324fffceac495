package iam

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/listcache"
)

// Eventual consistency: AWS IAM may answer NoSuchEntity for a user for a
// few seconds after it was made or renamed. A key this process made is
// read again, with backoff, until settleWindow after its creation; a key
// made by an earlier run was made long enough ago.
const (
	settleWindow  = 30 * time.Second
	settleBackoff = 500 * time.Millisecond
)

// GetKey reads one key: its user, proven the backend's own (or, for a key
// of a user made elsewhere, holding that key), with its inline policies (a
// single read, or the bulk read: bulk.go) and its access keys.
func (b *Backend) GetKey(ctx context.Context, id string) (backend.Key, error) {
	api, err := b.api(ctx)
	if err != nil {
		return backend.Key{}, err
	}
	for wait := settleBackoff; ; wait *= 2 {
		made, recent := b.madeAt(id)
		k, err := b.getKey(ctx, api, id, recent)
		if !backend.IsNotFound(err) || !recent || time.Since(made) > settleWindow {
			return k, err
		}
		select {
		case <-ctx.Done():
			return k, err
		case <-time.After(min(wait, time.Until(made.Add(settleWindow)))):
		}
	}
}

// getKey reads a key once; a key this process made lately is read alone,
// since a bulk read may predate it, and so is a key in a user made
// elsewhere, which the bulk read leaves out.
func (b *Backend) getKey(ctx context.Context, api *iam.Client, id string, recent bool) (backend.Key, error) {
	var u user
	var err error
	if ref := b.refOf(id); recent || ref.adopted {
		u, err = b.readPolicies(ctx, api, ref.user, ref.adopted)
	} else {
		u, err = b.reads.Get(ctx, id)
	}
	if err == nil {
		u, err = b.withKeys(ctx, api, u)
	}
	if err != nil {
		return backend.Key{}, err
	}
	k, ok, err := b.key(u, id)
	switch {
	case err != nil:
		return backend.Key{}, err
	case !ok:
		return backend.Key{}, fmt.Errorf("read key %s: user %s holds no such access key: %w", id, u.Name, backend.ErrNotFound)
	}
	return k, nil
}

// madeAt is when this process made key id, if it did.
func (b *Backend) madeAt(id string) (time.Time, bool) {
	v, _ := b.made.Load(id)
	at, ok := v.(time.Time)
	return at, ok
}

// ListKeys returns every key of the users the backend manages: from the
// bulk read where the service has it, else one ListUsers (under the
// configured path, paginated) and each user whose name has the prefix read
// alone; then each user's access keys.
func (b *Backend) ListKeys(ctx context.Context) ([]backend.Key, error) {
	api, err := b.api(ctx)
	if err != nil {
		return nil, err
	}
	users, err := b.reads.List(ctx)
	if errors.Is(err, listcache.ErrPerItem) {
		users, err = b.listAlone(ctx, api)
	}
	if err != nil {
		return nil, err
	}
	var keys []backend.Key
	for _, id := range slices.Sorted(maps.Keys(users)) {
		u := users[id]
		if u.notOurs || b.ValidateID(id) != nil {
			continue // its name has the prefix, but it is someone else's
		}
		u, err := b.withKeys(ctx, api, u)
		if backend.IsNotFound(err) {
			continue // deleted since the list
		}
		if err != nil {
			return nil, err
		}
		k, ok, err := b.key(u, id)
		if err != nil {
			return nil, err
		}
		if ok {
			keys = append(keys, k)
		}
	}
	return keys, nil
}

// listAlone reads each user under the prefix alone, by key id.
func (b *Backend) listAlone(ctx context.Context, api *iam.Client) (map[string]user, error) {
	names, err := b.userNames(ctx, api)
	if err != nil {
		return nil, err
	}
	users := map[string]user{}
	for _, name := range names {
		id := strings.TrimPrefix(name, b.cfg.NamePrefix)
		if isPending(b.cfg.NamePrefix, name) || b.ValidateID(id) != nil {
			continue
		}
		u, err := b.readPolicies(ctx, api, name, false)
		switch {
		case backend.IsNotFound(err) || isNotOurs(err):
			continue // deleted since the list, or someone else's
		case err != nil:
			return nil, err
		}
		users[id] = u
	}
	return users, nil
}

// maxUserPages bounds one listing: 1,000 pages of 1,000 users.
const maxUserPages = 1000

// userNames lists the names of the users under the configured path whose
// names have the prefix (a service that ignores paths lists them all).
func (b *Backend) userNames(ctx context.Context, api *iam.Client) ([]string, error) {
	var names []string
	pages := iam.NewListUsersPaginator(api, &iam.ListUsersInput{PathPrefix: aws.String(b.cfg.Path), MaxItems: aws.Int32(1000)})
	for n := 0; pages.HasMorePages() && n < maxUserPages; n++ {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, b.failed("ListUsers", "under "+b.cfg.Path, err)
		}
		for _, u := range page.Users {
			if name := aws.ToString(u.UserName); strings.HasPrefix(name, b.cfg.NamePrefix) {
				names = append(names, name)
			}
		}
	}
	return names, nil
}
