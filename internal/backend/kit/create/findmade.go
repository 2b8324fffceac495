package create

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// FindMade settles an unclear create by listing afresh what the service
// holds and finding the keys the attempt made, by a mark only the attempt
// can have left (a label nobody else can have chosen, or a description on
// a key that was not there before). What it does with them is the
// backend's choice: revoke them all when their secret is lost with the
// answer (Revoke set), or adopt the one key found when the service shows
// its secret again. Two or more keys that may be the attempt's, where only
// one can be, are all left alone and listed in the error: one may be
// someone else's.
type FindMade[T any] struct {
	// Noun is what the service calls a key: "key", "credential".
	Noun string
	// Mark describes the mark, for messages: `labelled "x"`.
	Mark string
	// List reads the service's keys afresh, by id (no cache: it may
	// predate the create).
	List func(ctx context.Context) (map[string]T, error)
	// Made reports whether a key bears the attempt's mark.
	Made func(id string, key T) bool
	// Revoke, when set, revokes a key the attempt made; every such key is
	// revoked. Unset, the one key found is adopted.
	Revoke func(ctx context.Context, id string) error
	// OnlyOne, with Revoke, revokes a key only when it alone bears the
	// mark: where the mark is one another client's key could bear too (a
	// name on a key new since the create began), two or more are all left
	// in place and listed.
	OnlyOne bool
	// ShowID is a key's id as users see it; nil for the id itself.
	ShowID func(id string) string
}

// Settle is a Settle for Once.
func (f FindMade[T]) Settle(ctx context.Context, _ int) (Settled[T], error) {
	keys, err := f.List(ctx)
	if err != nil {
		return Settled[T]{}, fmt.Errorf("list the %ss: %w; a %s %s may exist, made by this create and never handed out: "+
			"check for it", f.Noun, err, f.Noun, f.Mark)
	}
	var ids []string
	for id, k := range keys {
		if f.Made(id, k) {
			ids = append(ids, id)
		}
	}
	if f.Revoke != nil && (!f.OnlyOne || len(ids) < 2) {
		return f.revoke(ctx, ids)
	}
	switch len(ids) {
	case 0:
		return Settled[T]{}, nil
	case 1:
		tflog.Warn(ctx, "adopted the key an unclear create made", map[string]any{"id": f.show(ids[0])})
		return Settled[T]{Adopted: true, Result: keys[ids[0]]}, nil
	}
	shown := make([]string, len(ids))
	for i, id := range ids {
		shown[i] = f.show(id)
	}
	return Settled[T]{}, fmt.Errorf("%d new %ss are %s (%s): one may be this create's, the others someone else's, so all "+
		"are left in place; import the one that is yours, or delete the ones nobody uses", len(ids), f.Noun, f.Mark, strings.Join(shown, ", "))
}

func (f FindMade[T]) revoke(ctx context.Context, ids []string) (Settled[T], error) {
	var settled Settled[T]
	for _, id := range ids {
		if err := f.Revoke(ctx, id); err != nil {
			return settled, fmt.Errorf("revoke %s %s (%s), which this create made and never handed out: %w; revoke it", f.Noun, f.show(id), f.Mark, err)
		}
		tflog.Warn(ctx, "revoked the key an unclear create made", map[string]any{"id": f.show(id)})
		settled.Removed = append(settled.Removed, f.show(id))
	}
	return settled, nil
}

func (f FindMade[T]) show(id string) string {
	if f.ShowID == nil {
		return id
	}
	return f.ShowID(id)
}
