package iam

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/create"
)

// A create makes its user under a pending name, the prefix, "creating-",
// the time in hex seconds and 64 random bits, that nobody else can have
// chosen; it gets its final name, the prefix and the access key id, last.
// A create that fails half-way removes its pending user; one that could
// not (the process was killed) leaves a pending user that the first create
// of a later run removes once pendingLifetime has passed.
const (
	pendingMarker   = "creating-"
	pendingLifetime = time.Hour
)

func pendingName(prefix string, now time.Time) (string, error) {
	random := make([]byte, 8)
	if _, err := rand.Read(random); err != nil {
		return "", fmt.Errorf("draw a pending user name: %w", err)
	}
	return prefix + pendingMarker + strconv.FormatInt(now.Unix(), 16) + "-" + hex.EncodeToString(random), nil
}

func isPending(prefix, name string) bool { return strings.HasPrefix(name, prefix+pendingMarker) }

// pendingSince is when a pending user's create began, from its name.
func pendingSince(prefix, name string) (time.Time, bool) {
	rest, ok := strings.CutPrefix(name, prefix+pendingMarker)
	stamp, _, found := strings.Cut(rest, "-")
	seconds, err := strconv.ParseInt(stamp, 16, 64)
	if !ok || !found || err != nil {
		return time.Time{}, false
	}
	return time.Unix(seconds, 0), true
}

// CreateKey makes a key in five steps, each on the pending user: the user
// with its tags, its policy (before the key exists, so the key never
// reaches more than its grants), the access key (never sent twice
// blindly), its status when disabled, and the user's final name. A step
// that fails removes what the create made.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	defer b.wrote()
	api, err := b.api(ctx)
	if err != nil {
		return backend.Key{}, err
	}
	b.sweep.Do(func() { b.sweepPending(ctx, api) })
	pending, err := pendingName(b.cfg.NamePrefix, time.Now())
	if err != nil {
		return backend.Key{}, err
	}
	made, err := b.createUser(ctx, api, pending, spec)
	if err == nil {
		return made, nil
	}
	var refused *nothingMadeError
	if errors.As(err, &refused) {
		return backend.Key{}, fmt.Errorf("create key: %w", refused.err)
	}
	if cleanupErr := b.removeUser(context.WithoutCancel(ctx), api, pending, madeNow); cleanupErr != nil && !backend.IsNotFound(cleanupErr) {
		return backend.Key{}, &backend.UncertainCreateError{Unsettled: true, Err: fmt.Errorf(
			"create key: %w; removing the half-made user %s failed too (%v): the next create removes it after %s, or delete it",
			err, pending, cleanupErr, pendingLifetime)}
	}
	var uncertain *backend.UncertainCreateError
	if errors.As(err, &uncertain) {
		return backend.Key{}, err
	}
	return backend.Key{}, fmt.Errorf("create key: %w; the half-made user %s was removed", err, pending)
}

// nothingMadeError is a create the service refused before it made
// anything.
type nothingMadeError struct{ err error }

func (e *nothingMadeError) Error() string { return e.err.Error() }

func (e *nothingMadeError) Unwrap() error { return e.err }

func (b *Backend) createUser(ctx context.Context, api *iam.Client, pending string, spec backend.KeySpec) (backend.Key, error) {
	tags := []types.Tag{{Key: aws.String(tagPath), Value: aws.String(b.cfg.Path)}, {Key: aws.String(tagName), Value: aws.String(spec.Name)}}
	out, err := api.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(pending), Path: aws.String(b.cfg.Path), Tags: tags})
	switch {
	case isCode(err, codeEntityAlreadyExists):
		// The name is this create's own: a retried request whose first
		// answer was lost made it.
	case err != nil && !unclear(err):
		// A clear refusal, such as AccessDenied: no user was made, so
		// there is nothing to remove.
		return backend.Key{}, &nothingMadeError{b.failed("CreateUser", pending, err)}
	case err != nil:
		return backend.Key{}, b.failed("CreateUser", pending, err)
	}
	if err != nil || len(out.User.Tags) == 0 {
		// SeaweedFS keeps no tags given at creation.
		if _, err := api.TagUser(ctx, &iam.TagUserInput{UserName: aws.String(pending), Tags: tags}, unseen); err != nil {
			return backend.Key{}, b.failed("TagUser", pending, err)
		}
	}
	if err := b.writePolicy(ctx, api, pending, spec.Limited, spec.Grants, nil, unseen); err != nil {
		return backend.Key{}, err
	}
	created, err := b.createAccessKey(ctx, api, pending)
	if err != nil {
		return backend.Key{}, err
	}
	id := aws.ToString(created.AccessKeyId)
	if spec.Disabled {
		if err := b.setStatus(ctx, api, pending, id, true, unseen); err != nil {
			return backend.Key{}, err
		}
	}
	final := b.userOf(id)
	if _, err := api.UpdateUser(ctx, &iam.UpdateUserInput{UserName: aws.String(pending), NewUserName: aws.String(final)}, unseen); err != nil {
		if _, headErr := b.head(ctx, api, final, false); headErr != nil {
			// The rename may have happened unseen: the user under its
			// final name is this create's too, and goes with it.
			if cleanupErr := b.removeUser(context.WithoutCancel(ctx), api, final, madeNow); cleanupErr != nil && !backend.IsNotFound(cleanupErr) {
				return backend.Key{}, fmt.Errorf("%w; user %s may hold the new key too, and could not be removed (%v): delete it",
					b.failed("UpdateUser", pending, err), final, cleanupErr)
			}
			return backend.Key{}, b.failed("UpdateUser", pending, err)
		}
		// A retried rename whose first answer was lost.
	}
	b.made.Store(id, time.Now())
	key := backend.Key{
		ID: id, AccessKey: id, SecretKey: aws.ToString(created.SecretAccessKey), Name: spec.Name,
		Limited: spec.Limited, Grants: slices.Clone(spec.Grants), Disabled: spec.Disabled, CreatedAt: aws.ToTime(created.CreateDate),
	}
	backend.SortGrants(key.Grants)
	return key, nil
}

// createAccessKey makes the user's one access key. It is never sent twice
// blindly: after an unclear answer, every key the user holds is this
// create's (the user is new), its secret lost with the answer, so each is
// deleted before one more try.
func (b *Backend) createAccessKey(ctx context.Context, api *iam.Client, name string) (types.AccessKey, error) {
	return create.Once(ctx,
		func(ctx context.Context, _ int) (types.AccessKey, bool, error) {
			out, err := api.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(name)}, b.onceUnlessUnseen)
			if err != nil {
				return types.AccessKey{}, unclear(err), b.failed("CreateAccessKey", name, err)
			}
			return *out.AccessKey, false, nil
		},
		create.FindMade[types.AccessKey]{
			Noun: "access key",
			Mark: "of the new user " + name,
			List: func(ctx context.Context) (map[string]types.AccessKey, error) {
				out, err := api.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(name)}, unseen)
				if err != nil {
					return nil, b.failed("ListAccessKeys", name, err)
				}
				keys := map[string]types.AccessKey{}
				for _, k := range out.AccessKeyMetadata {
					keys[aws.ToString(k.AccessKeyId)] = types.AccessKey{AccessKeyId: k.AccessKeyId, UserName: k.UserName, Status: k.Status}
				}
				return keys, nil
			},
			Made: func(string, types.AccessKey) bool { return true },
			Revoke: func(ctx context.Context, id string) error {
				return b.deleteAccessKey(ctx, api, name, id)
			},
		}.Settle)
}

// sweepPending removes the pending users of creates that began more than
// pendingLifetime ago and never finished: a run killed mid-create. It is
// best effort; what it cannot remove waits for the next run.
func (b *Backend) sweepPending(ctx context.Context, api *iam.Client) {
	names, err := b.userNames(ctx, api)
	if err != nil {
		tflog.Warn(ctx, "could not look for users left half-made by earlier runs", map[string]any{"error": err.Error()})
		return
	}
	for _, name := range names {
		since, ok := pendingSince(b.cfg.NamePrefix, name)
		if !ok || time.Since(since) < pendingLifetime {
			continue
		}
		if err := b.removeUser(ctx, api, name, proven); err != nil && !backend.IsNotFound(err) {
			tflog.Warn(ctx, "could not remove a user an earlier run left half-made", map[string]any{"user": name, "error": err.Error()})
			continue
		}
		tflog.Info(ctx, "removed a user an earlier run left half-made", map[string]any{"user": name})
	}
}
