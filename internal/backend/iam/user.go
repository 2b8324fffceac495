package iam

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/s3policy"
)

// The tags the backend writes on each user: the path it was made under
// (the proof on services that ignore paths), the key's name, and, once a
// delete has begun, that it has (tagDeleting).
const (
	tagPath = "objectstorage:path"
	tagName = "objectstorage:name"
	// tagDeleting marks a user whose delete began: its access key may be
	// gone while the user is not. Such a user still reads as its key,
	// switched off, so that state keeps it until a delete finishes; no
	// other user without its access key does.
	tagDeleting = "objectstorage:deleting"
)

// user is one IAM user as the backend reads it.
type user struct {
	Name      string
	Path      string
	Tags      map[string]string
	CreatedAt time.Time
	Keys      []types.AccessKeyMetadata
	// Policy is the backend's inline policy, nil when the user has none.
	Policy []byte
	// Foreign is set when the user holds another inline policy, or
	// managed policies or groups, that the backend did not write: the key
	// may reach more than its grants say.
	Foreign bool
	// foreignPolicies are the names of those other inline policies.
	foreignPolicies []string
	// notOurs is set for a user a bulk read found under the prefix that
	// the backend did not make; a read of its key refuses it.
	notOurs bool
}

// owns reports whether the backend made a user: its name has the prefix,
// and its path and its path tag are the configured path (a service that
// ignores paths answers "/", and the tag then proves it).
func (b *Backend) owns(name, path string, tags map[string]string) bool {
	return strings.HasPrefix(name, b.cfg.NamePrefix) && tags[tagPath] == b.cfg.Path && (path == b.cfg.Path || path == "/")
}

func tagsOf(tags []types.Tag) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}

// head reads a user and, unless adopted, proves it the backend's own:
// GetUser, and ListUserTags where GetUser answers no tags (SeaweedFS).
func (b *Backend) head(ctx context.Context, api *iam.Client, name string, adopted bool) (user, error) {
	out, err := api.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(name)})
	if err != nil {
		return user{}, b.failed("GetUser", name, err)
	}
	u := user{Name: name, Path: aws.ToString(out.User.Path), Tags: tagsOf(out.User.Tags), CreatedAt: aws.ToTime(out.User.CreateDate)}
	if len(u.Tags) == 0 {
		tags, err := api.ListUserTags(ctx, &iam.ListUserTagsInput{UserName: aws.String(name)})
		if err != nil {
			return user{}, b.failed("ListUserTags", name, err)
		}
		u.Tags = tagsOf(tags.Tags)
	}
	if !adopted && !b.owns(u.Name, u.Path, u.Tags) {
		return user{}, b.notOurs(u)
	}
	return u, nil
}

func (b *Backend) notOurs(u user) error {
	return &backend.NotOursError{
		ID:    strings.TrimPrefix(u.Name, b.cfg.NamePrefix),
		Owner: fmt.Sprintf("IAM user %q (path %q, %s tag %q)", u.Name, u.Path, tagPath, u.Tags[tagPath]),
		Us:    fmt.Sprintf("the users this provider makes under path %q", b.cfg.Path),
		Remedy: "Manage it where it was made, or check the iam block's path and name_prefix: they must be the ones the key " +
			"was made with.",
	}
}

// read reads a user whole: head, its inline policies and its access
// keys.
func (b *Backend) read(ctx context.Context, api *iam.Client, name string, adopted bool) (user, error) {
	u, err := b.readPolicies(ctx, api, name, adopted)
	if err != nil {
		return user{}, err
	}
	return b.withKeys(ctx, api, u)
}

// readPolicies reads a user's head and inline policies: what a bulk read
// gives for every user at once (bulk.go).
func (b *Backend) readPolicies(ctx context.Context, api *iam.Client, name string, adopted bool) (user, error) {
	u, err := b.head(ctx, api, name, adopted)
	if err != nil {
		return user{}, err
	}
	policies, err := api.ListUserPolicies(ctx, &iam.ListUserPoliciesInput{UserName: aws.String(name)})
	if err != nil {
		return user{}, b.failed("ListUserPolicies", name, err)
	}
	u.foreignPolicies = slices.DeleteFunc(slices.Clone(policies.PolicyNames), func(p string) bool { return p == policyName })
	u.Foreign = len(u.foreignPolicies) > 0
	if slices.Contains(policies.PolicyNames, policyName) {
		out, err := api.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: aws.String(name), PolicyName: aws.String(policyName)})
		if err != nil {
			return user{}, b.failed("GetUserPolicy", name, err)
		}
		if u.Policy, err = s3policy.FromIAMAnswer(aws.ToString(out.PolicyDocument)); err != nil {
			return user{}, fmt.Errorf("GetUserPolicy %s: %w", name, err)
		}
	}
	return u, nil
}

// withKeys adds a user's access keys.
func (b *Backend) withKeys(ctx context.Context, api *iam.Client, u user) (user, error) {
	if u.notOurs {
		return user{}, b.notOurs(u)
	}
	keys, err := api.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(u.Name)})
	if err != nil {
		return user{}, b.failed("ListAccessKeys", u.Name, err)
	}
	u.Keys = keys.AccessKeyMetadata
	return u, nil
}

// key is key id of the user, as a key; false when the user no longer
// holds its access key. A key in a user made elsewhere is named after the
// user until it is given a name.
func (b *Backend) key(u user, id string) (backend.Key, bool, error) {
	ref := b.refOf(id)
	i := slices.IndexFunc(u.Keys, func(k types.AccessKeyMetadata) bool { return aws.ToString(k.AccessKeyId) == ref.accessKey })
	var meta types.AccessKeyMetadata
	switch {
	case i >= 0:
		meta = u.Keys[i]
	case u.Tags[tagDeleting] != "":
		meta.Status = types.StatusTypeInactive // its delete began and did not finish
	default:
		return backend.Key{}, false, nil
	}
	k := backend.Key{
		ID: id, AccessKey: ref.accessKey, Name: u.Tags[tagName],
		Disabled:  meta.Status == types.StatusTypeInactive,
		CreatedAt: aws.ToTime(meta.CreateDate),
	}
	if k.CreatedAt.IsZero() {
		k.CreatedAt = u.CreatedAt
	}
	if _, named := u.Tags[tagName]; !named && ref.adopted {
		k.Name = u.Name
	}
	limited, grants, err := b.grantsOf(u)
	if err != nil {
		return backend.Key{}, false, fmt.Errorf("read the policy of user %s: %w", u.Name, err)
	}
	k.Limited, k.Grants = limited, grants
	return k, true, nil
}

// grantsOf reads a user's policies as a key's grants. No policy is a key
// that reaches no bucket; the unrestricted policy (BuildUnrestricted) is an
// unrestricted key; anything the backend did not write adds a custom grant.
func (b *Backend) grantsOf(u user) (limited bool, grants []backend.Grant, err error) {
	custom := backend.Grant{Bucket: backend.WildcardBucket, Permission: backend.Custom}
	switch {
	case u.Policy == nil && u.Foreign:
		return true, []backend.Grant{custom}, nil
	case u.Policy == nil:
		return true, nil, nil
	case !u.Foreign && b.language.IsUnrestricted(u.Policy):
		return false, nil, nil
	}
	grants, err = b.language.Parse(u.Policy)
	if err != nil {
		return false, nil, err
	}
	if u.Foreign && !slices.Contains(grants, custom) {
		grants = append(grants, custom)
		backend.SortGrants(grants)
	}
	return true, grants, nil
}
