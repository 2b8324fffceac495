package iam

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/grants"
)

// UpdateKey changes what differs from the key as read: the name tag, the
// policy (unless KeepGrants) and the access key's status.
func (b *Backend) UpdateKey(ctx context.Context, id string, spec backend.KeySpec) (backend.Key, error) {
	defer b.wrote()
	api, err := b.api(ctx)
	if err != nil {
		return backend.Key{}, err
	}
	ref := b.refOf(id)
	name := ref.user
	u, err := b.read(ctx, api, name, ref.adopted)
	if err != nil {
		return backend.Key{}, err
	}
	k, ok, err := b.key(u, id)
	if err != nil {
		return backend.Key{}, err
	}
	if !ok {
		return backend.Key{}, fmt.Errorf("update key %s: %w", id, backend.ErrNotFound)
	}
	if !slices.ContainsFunc(u.Keys, func(m types.AccessKeyMetadata) bool { return aws.ToString(m.AccessKeyId) == ref.accessKey }) {
		return backend.Key{}, fmt.Errorf("update key %s: a delete of the key began and did not finish, and its access key is gone "+
			"(user %s remains): replace it (terraform apply -replace=ADDRESS), or remove its resource, and the delete finishes", id, name)
	}
	if k.Name != spec.Name {
		tag := []types.Tag{{Key: aws.String(tagName), Value: aws.String(spec.Name)}}
		if _, err := api.TagUser(ctx, &iam.TagUserInput{UserName: aws.String(name), Tags: tag}); err != nil {
			return backend.Key{}, b.failed("TagUser", name, err)
		}
		k.Name = spec.Name
	}
	wantGrants := slices.Clone(spec.Grants)
	backend.SortGrants(wantGrants)
	if spec.KeepGrants {
		// The grants belong to others, but whether the key is limited is
		// the key's: an unrestricted key that becomes limited starts with
		// no grant.
		wantGrants = nil
	}
	change := k.Limited != spec.Limited || !spec.KeepGrants && (u.Foreign || !slices.Equal(k.Grants, wantGrants))
	if change {
		if err := b.writePolicy(ctx, api, name, spec.Limited, wantGrants, u.foreignPolicies); err != nil {
			return backend.Key{}, err
		}
		k.Limited, k.Grants = spec.Limited, wantGrants
	}
	if k.Disabled != spec.Disabled {
		if err := b.setStatus(ctx, api, name, ref.accessKey, spec.Disabled); err != nil {
			return backend.Key{}, err
		}
		k.Disabled = spec.Disabled
	}
	return k, nil
}

// writePolicy gives a user the policy of a key: the unrestricted policy,
// the grants' policy, or none for a limited key whose language writes no
// statement without a grant. Inline policies the backend did not write
// (foreign) are deleted: the user is the backend's own, and its key must
// reach what its grants say and no more.
func (b *Backend) writePolicy(ctx context.Context, api *iam.Client, name string, limited bool, grants []backend.Grant, foreign []string,
	opts ...func(*iam.Options)) error {
	var doc []byte
	var err error
	switch {
	case !limited:
		doc, err = b.language.BuildUnrestricted()
	case b.language.HasStatements(grants):
		doc, err = b.language.Build(grants)
	}
	if err != nil {
		return err
	}
	for _, p := range foreign {
		if _, err := api.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String(name), PolicyName: aws.String(p)}, opts...); err != nil &&
			!isCode(err, codeNoSuchEntity) {
			return b.failed("DeleteUserPolicy", name, err)
		}
	}
	if doc == nil {
		_, err := api.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String(name), PolicyName: aws.String(policyName)}, opts...)
		if err != nil && !isCode(err, codeNoSuchEntity) {
			return b.failed("DeleteUserPolicy", name, err)
		}
		return nil
	}
	_, err = api.PutUserPolicy(ctx, &iam.PutUserPolicyInput{
		UserName: aws.String(name), PolicyName: aws.String(policyName), PolicyDocument: aws.String(string(doc)),
	}, opts...)
	if err != nil {
		return b.failed("PutUserPolicy", name, err)
	}
	return nil
}

func (b *Backend) setStatus(ctx context.Context, api *iam.Client, name, id string, disabled bool, opts ...func(*iam.Options)) error {
	status := types.StatusTypeActive
	if disabled {
		status = types.StatusTypeInactive
	}
	_, err := api.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String(name), AccessKeyId: aws.String(id), Status: status}, opts...)
	if err != nil {
		return b.failed("UpdateAccessKey", name, err)
	}
	return nil
}

// grantRewrite is how SetGrant and RemoveGrant rewrite a key's policy: it
// reads the key alone, never from the bulk read, which may predate an
// earlier grant change of this run.
func (b *Backend) grantRewrite() grants.Rewrite {
	return grants.Rewrite{
		Read: func(ctx context.Context, keyID string) (backend.Key, error) {
			api, err := b.api(ctx)
			if err != nil {
				return backend.Key{}, err
			}
			return b.getKey(ctx, api, keyID, true)
		},
		Write: func(ctx context.Context, key backend.Key, grants []backend.Grant) error {
			defer b.wrote()
			api, err := b.api(ctx)
			if err != nil {
				return err
			}
			return b.writePolicy(ctx, api, b.refOf(key.ID).user, true, grants, nil)
		},
	}
}

// DeleteKey removes the key's user whole: its access keys, its inline
// policies and the user. A key already gone is not an error; a user that
// is not the backend's own is never touched.
func (b *Backend) DeleteKey(ctx context.Context, id string) error {
	defer b.wrote()
	api, err := b.api(ctx)
	if err != nil {
		return err
	}
	ref := b.refOf(id)
	if ref.adopted {
		err = b.releaseAdopted(ctx, api, ref)
	} else {
		err = b.removeUser(ctx, api, ref.user, proven)
	}
	if err == nil || backend.IsNotFound(err) {
		b.made.Delete(id) // gone: a read need not wait for it to appear
		return nil
	}
	return err
}

// How removeUser knows a user is one to remove.
type removal int

const (
	// madeNow: the caller made the user in this create.
	madeNow removal = iota
	// proven: the user must bear the backend's marks (head).
	proven
	// handedOver: a user made elsewhere, whose key a moved block or an
	// import took over (releaseAdopted checked it holds that key).
	handedOver
)

// releaseAdopted deletes a key in a user made elsewhere: the whole user,
// as for the backend's own, when that key is all the user's access; only
// the key and the backend's policy when the user holds another access key,
// which someone else still uses.
func (b *Backend) releaseAdopted(ctx context.Context, api *iam.Client, ref keyRef) error {
	u, err := b.head(ctx, api, ref.user, true)
	if err == nil {
		u, err = b.withKeys(ctx, api, u)
	}
	if err != nil {
		return err
	}
	holds := slices.ContainsFunc(u.Keys, func(m types.AccessKeyMetadata) bool { return aws.ToString(m.AccessKeyId) == ref.accessKey })
	others := slices.ContainsFunc(u.Keys, func(m types.AccessKeyMetadata) bool { return aws.ToString(m.AccessKeyId) != ref.accessKey })
	switch {
	case !holds && u.Tags[tagDeleting] == "":
		return fmt.Errorf("delete key %s/%s: %w", ref.user, ref.accessKey, backend.ErrNotFound)
	case others:
		// Another access key lives in the user: only this key and the
		// backend's policy go.
		if holds {
			if err := b.deleteAccessKey(ctx, api, ref.user, ref.accessKey); err != nil {
				return err
			}
		}
		_, err := api.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String(ref.user), PolicyName: aws.String(policyName)})
		if err != nil && !isCode(err, codeNoSuchEntity) {
			return b.failed("DeleteUserPolicy", ref.user, err)
		}
		return nil
	}
	return b.removeUser(ctx, api, ref.user, handedOver)
}

// removeUser deletes a user and what it holds, once it knows the user is
// one to remove (removal). Managed policies and groups someone attached
// are detached only when DeleteUser answers DeleteConflict; the policies
// themselves stay.
func (b *Backend) removeUser(ctx context.Context, api *iam.Client, name string, how removal) error {
	var tags map[string]string
	if how != madeNow {
		u, err := b.head(ctx, api, name, how == handedOver)
		if err != nil {
			return err
		}
		tags = u.Tags
	}
	keys, err := api.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(name)})
	if err != nil {
		return b.failed("ListAccessKeys", name, err)
	}
	if how != madeNow && len(keys.AccessKeyMetadata) > 0 && tags[tagDeleting] == "" {
		// From here on the user may lose its key before it is gone itself:
		// the tag keeps it in state until a delete finishes (user.go).
		deleting := []types.Tag{{Key: aws.String(tagDeleting), Value: aws.String("true")}}
		if _, err := api.TagUser(ctx, &iam.TagUserInput{UserName: aws.String(name), Tags: deleting}); err != nil {
			return b.failed("TagUser", name, err)
		}
	}
	for _, k := range keys.AccessKeyMetadata {
		if err := b.deleteAccessKey(ctx, api, name, aws.ToString(k.AccessKeyId)); err != nil {
			return err
		}
	}
	policies, err := api.ListUserPolicies(ctx, &iam.ListUserPoliciesInput{UserName: aws.String(name)})
	if err != nil {
		return b.failed("ListUserPolicies", name, err)
	}
	for _, p := range policies.PolicyNames {
		if _, err := api.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String(name), PolicyName: aws.String(p)}); err != nil &&
			!isCode(err, codeNoSuchEntity) {
			return b.failed("DeleteUserPolicy", name, err)
		}
	}
	_, err = api.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String(name)})
	if isCode(err, codeDeleteConflict) {
		if err := b.detachAll(ctx, api, name); err != nil {
			return err
		}
		_, err = api.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String(name)})
	}
	if err != nil {
		return b.failed("DeleteUser", name, err)
	}
	return nil
}

// detachAll detaches the managed policies and leaves the groups someone
// gave the backend's user, so that it can be deleted.
func (b *Backend) detachAll(ctx context.Context, api *iam.Client, name string) error {
	attached, err := api.ListAttachedUserPolicies(ctx, &iam.ListAttachedUserPoliciesInput{UserName: aws.String(name)})
	if err != nil {
		return b.failed("ListAttachedUserPolicies", name, err)
	}
	for _, p := range attached.AttachedPolicies {
		if _, err := api.DetachUserPolicy(ctx, &iam.DetachUserPolicyInput{UserName: aws.String(name), PolicyArn: p.PolicyArn}); err != nil &&
			!isCode(err, codeNoSuchEntity) {
			return b.failed("DetachUserPolicy", name, err)
		}
	}
	groups, err := api.ListGroupsForUser(ctx, &iam.ListGroupsForUserInput{UserName: aws.String(name)})
	if err != nil {
		return b.failed("ListGroupsForUser", name, err)
	}
	for _, g := range groups.Groups {
		if _, err := api.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{UserName: aws.String(name), GroupName: g.GroupName}); err != nil &&
			!isCode(err, codeNoSuchEntity) {
			return b.failed("RemoveUserFromGroup", name, err)
		}
	}
	return nil
}

func (b *Backend) deleteAccessKey(ctx context.Context, api *iam.Client, name, id string) error {
	_, err := api.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String(name), AccessKeyId: aws.String(id)})
	if err != nil && !isCode(err, codeNoSuchEntity) {
		return b.failed("DeleteAccessKey", name, err)
	}
	return nil
}

func isNotOurs(err error) bool {
	var notOurs *backend.NotOursError
	return errors.As(err, &notOurs)
}
