package b2

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/create"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// request is a b2_create_key body.
type request struct {
	KeyName       string   `json:"keyName"`
	Capabilities  []string `json:"capabilities"`
	BucketIDs     []string `json:"bucketIds,omitempty"`
	ValidDuration int64    `json:"validDurationInSeconds,omitempty"`
}

// CreateKey makes a key. A B2 key cannot be renamed, so it cannot be made
// under a name nobody else can have chosen; instead the account's keys are
// listed just before the create, and after an unclear answer a key that
// was not there then, with the create's name, capabilities, buckets and
// expiry, is the create's. Its secret was lost with the answer, so it is
// revoked and the create tried once more; two or more such keys (one may
// be a colleague's made at the same moment) are all left in place and
// named in the error.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	defer b.keys.Invalidate("")
	req, err := b.requestFor(ctx, spec)
	if err != nil {
		return backend.Key{}, err
	}
	var before map[string]apiKey
	made, err := create.Once(ctx,
		func(ctx context.Context, _ int) (apiKey, bool, error) {
			var listErr error
			if before, listErr = b.listAll(ctx); listErr != nil {
				return apiKey{}, false, fmt.Errorf("create key: list the account's keys first: %w", listErr)
			}
			body := req
			if !spec.ExpiresAt.IsZero() {
				body.ValidDuration = int64(math.Ceil(time.Until(spec.ExpiresAt).Seconds()))
			}
			var k apiKey
			err := b.call(ctx, "create key", "b2_create_key", func(account string) any {
				return map[string]any{"accountId": account, "keyName": body.KeyName, "capabilities": body.Capabilities,
					"bucketIds": nilIfEmpty(body.BucketIDs), "validDurationInSeconds": zeroless(body.ValidDuration)}
			}, &k)
			if err != nil {
				return apiKey{}, httpapi.UnclearError(err), err
			}
			if k.ApplicationKeyID == "" || k.ApplicationKey == "" {
				return apiKey{}, true, errors.New("create key: B2's answer holds no key id and secret for the key it made")
			}
			return k, false, nil
		},
		create.FindMade[apiKey]{
			Noun: "key", Mark: fmt.Sprintf("named %q with the create's capabilities and buckets, new since it began", spec.Name),
			List: b.listAll,
			Made: func(id string, k apiKey) bool {
				_, old := before[id]
				return !old && k.KeyName == req.KeyName && slices.Equal(sorted(slices.Clone(k.Capabilities)), req.Capabilities) &&
					slices.Equal(sorted(slices.Clone(k.BucketIDs)), req.BucketIDs) && (k.ExpirationTimestamp != nil) == !spec.ExpiresAt.IsZero()
			},
			Revoke:  b.DeleteKey,
			OnlyOne: true,
		}.Settle)
	if err != nil {
		return backend.Key{}, err
	}
	names, err := b.bucketList(ctx)
	if err != nil {
		return backend.Key{}, err
	}
	key := made.toKey(names.byID)
	if !spec.ExpiresAt.IsZero() {
		// B2 counts the duration from its own clock: the key ends within
		// a second or two of the instant asked for.
		key.ExpiresAt = spec.ExpiresAt
	}
	return key, nil
}

// requestFor is the create's body: the capabilities of the grants' one
// permission on their buckets, or every bucket's for an unrestricted key.
func (b *Backend) requestFor(ctx context.Context, spec backend.KeySpec) (request, error) {
	req := request{KeyName: spec.Name, Capabilities: unrestrictedCapabilities}
	if !spec.Limited {
		return req, nil
	}
	if invalid := b.ValidateKey(spec); len(invalid) > 0 {
		return request{}, &invalid[0]
	}
	var names []string
	for _, g := range spec.Grants {
		names = append(names, g.Bucket)
	}
	ids, err := b.bucketIDs(ctx, names)
	if err != nil {
		return request{}, err
	}
	req.Capabilities, req.BucketIDs = capabilitiesOf(spec.Grants[0].Permission), ids
	return req, nil
}

func nilIfEmpty(ids []string) any {
	if len(ids) == 0 {
		return nil
	}
	return ids
}

func zeroless(seconds int64) any {
	if seconds == 0 {
		return nil
	}
	return seconds
}
