package b2

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// bucketNames are the account's buckets, both ways.
type bucketNames struct {
	byID, byName map[string]string
}

// bucketList reads the account's buckets once per run.
func (b *Backend) bucketList(ctx context.Context) (*bucketNames, error) {
	b.bucketsOnce.Lock()
	defer b.bucketsOnce.Unlock()
	if b.buckets != nil {
		return b.buckets, nil
	}
	var answer struct {
		Buckets []struct {
			BucketID   string `json:"bucketId"`
			BucketName string `json:"bucketName"`
		} `json:"buckets"`
	}
	if err := b.call(ctx, "list buckets", "b2_list_buckets", func(account string) any { return map[string]any{"accountId": account} }, &answer); err != nil {
		return nil, err
	}
	names := &bucketNames{byID: map[string]string{}, byName: map[string]string{}}
	for _, bk := range answer.Buckets {
		names.byID[bk.BucketID], names.byName[bk.BucketName] = bk.BucketName, bk.BucketID
	}
	b.buckets = names
	return names, nil
}

// bucketIDs resolves the grants' bucket names, sorted; a name B2 does not
// know is an error that lists them.
func (b *Backend) bucketIDs(ctx context.Context, names []string) ([]string, error) {
	list, err := b.bucketList(ctx)
	if err != nil {
		return nil, err
	}
	var ids, missing []string
	for _, name := range names {
		id, ok := list.byName[name]
		if !ok {
			missing = append(missing, fmt.Sprintf("%q", name))
			continue
		}
		ids = append(ids, id)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("create key: the account has no bucket named %s: create it first, since a B2 key names its buckets by id",
			strings.Join(missing, ", "))
	}
	slices.Sort(ids)
	return ids, nil
}
