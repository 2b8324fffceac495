package ceph

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// CreateKey makes the key's user, with the backend's mark, holding the
// access key and secret chosen here, then writes its policy and reads it
// back: last, because Ceph 16 drops a user's
// policies whenever the user changes, and before anything else can reach
// the key (the new user owns no bucket and no policy grants it one). The
// user's request may be sent again after an unclear answer: a user under
// this uid holding these credentials is this create's beyond doubt.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	doc, err := policyOf(spec.Limited, spec.Grants)
	if err != nil {
		return backend.Key{}, &backend.InvalidInputError{Field: backend.FieldGrants, Detail: err.Error()}
	}
	accessKey, secretKey, err := b.cfg.NewCredentials()
	if err != nil {
		return backend.Key{}, err
	}
	if spec.SecretKey != "" {
		secretKey = spec.SecretKey
	}
	uid := b.uidOf(accessKey)
	key := backend.Key{
		ID: accessKey, AccessKey: accessKey, SecretKey: secretKey, Name: spec.Name,
		Limited: spec.Limited, Grants: slices.Clone(spec.Grants), Disabled: spec.Disabled,
	}
	backend.SortGrants(key.Grants)

	_, err = b.createUser(ctx, uid, spec.Name, accessKey, secretKey, spec.Disabled)
	switch {
	case httpapi.CodeOf(err) == codeUserAlreadyExists:
		if err := b.adopt(ctx, uid, accessKey, secretKey); err != nil {
			return backend.Key{}, err
		}
	case httpapi.UnclearError(err):
		// The user may exist; its credentials are known, so the key is
		// kept in state and the next apply removes it.
		return backend.Key{}, &backend.UncertainCreateError{Key: &key, MayExist: true, Err: fmt.Errorf(
			"%w; user %s may have been made: the next apply removes it", err, uid)}
	case err != nil:
		return backend.Key{}, err
	}
	if err := b.writePolicy(ctx, uid, doc); err != nil {
		if cleanupErr := b.removeUser(context.WithoutCancel(ctx), uid); cleanupErr != nil && !backend.IsNotFound(cleanupErr) {
			return backend.Key{}, &backend.UncertainCreateError{Key: &key, Err: fmt.Errorf(
				"%w; user %s was made and could not be removed (%v): the next apply removes it", err, uid, cleanupErr)}
		}
		return backend.Key{}, fmt.Errorf("%w; the user made for the key, %s, was removed", err, uid)
	}
	return key, nil
}

// adopt checks that the user a repeated create found is the create's own:
// under its uid, with its mark, holding its credentials.
func (b *Backend) adopt(ctx context.Context, uid, accessKey, secretKey string) error {
	u, _, err := b.readUser(ctx, uid)
	if err != nil {
		return err
	}
	if k, ok := u.key(accessKey); !ok || k.SecretKey != secretKey || !u.ours() {
		return errors.New("create user " + uid + ": the user exists and does not hold this create's credentials: " +
			"another client made it; choose another ceph.user_prefix for this provider's users")
	}
	tflog.Warn(ctx, "adopted the user a repeated create made", map[string]any{"uid": uid})
	return nil
}
