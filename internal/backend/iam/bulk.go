package iam

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/listcache"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/s3policy"
)

// The users a process reads come from one of two places. Where the service
// answers GetAccountAuthorizationDetails (AWS), one paginated call gives
// every user with its path, tags and policies, and a key's read then needs
// only its ListAccessKeys; where it does not (SeaweedFS answers
// InvalidAction), each user is read alone (user.go). The first read of a
// process is always a single one, so that a plan over one key costs no
// account-wide call.

// accountWide is the cache's one scope.
const accountWide = ""

// maxDetailPages bounds one bulk read: 1,000 pages of 1,000 users.
const maxDetailPages = 1000

// newReads builds the reader of users by key id.
func (b *Backend) newReads() *listcache.Reader[user] {
	return &listcache.Reader[user]{
		Cache: &b.users, Scope: accountWide,
		Load: b.loadDetails,
		One: func(ctx context.Context, id string) (user, error) {
			api, err := b.api(ctx)
			if err != nil {
				return user{}, err
			}
			return b.readPolicies(ctx, api, b.userOf(id), false)
		},
		Missing: func(id string) error { return fmt.Errorf("read key %s: %w", id, backend.ErrNotFound) },
	}
}

// loadDetails reads every user of the account in one paginated
// GetAccountAuthorizationDetails, keeping those whose name has the prefix,
// by key id. A service without it turns the reader to single reads.
func (b *Backend) loadDetails(ctx context.Context) (map[string]user, error) {
	api, err := b.api(ctx)
	if err != nil {
		return nil, err
	}
	users := map[string]user{}
	pages := iam.NewGetAccountAuthorizationDetailsPaginator(api, &iam.GetAccountAuthorizationDetailsInput{
		Filter: []types.EntityType{types.EntityTypeUser}, MaxItems: aws.Int32(1000),
	})
	for n := 0; pages.HasMorePages() && n < maxDetailPages; n++ {
		page, err := pages.NextPage(ctx)
		switch {
		case isCode(err, codeInvalidAction):
			return nil, fmt.Errorf("the service has no GetAccountAuthorizationDetails: %w", listcache.ErrPerItem)
		case isCode(err, codeAccessDenied):
			// A least-privilege policy may leave it out: each key is then
			// read alone, without asking again.
			return nil, fmt.Errorf("the credentials may not call GetAccountAuthorizationDetails: %w", listcache.ErrPerItem)
		}
		if err != nil {
			return nil, b.failed("GetAccountAuthorizationDetails", "of the account", err)
		}
		for _, d := range page.UserDetailList {
			name := aws.ToString(d.UserName)
			id, ok := strings.CutPrefix(name, b.cfg.NamePrefix)
			if !ok || isPending(b.cfg.NamePrefix, name) {
				continue
			}
			u, err := b.detailUser(d)
			if err != nil {
				return nil, err
			}
			users[id] = u
		}
	}
	return users, nil
}

// detailUser is a user as GetAccountAuthorizationDetails describes it.
func (b *Backend) detailUser(d types.UserDetail) (user, error) {
	u := user{
		Name: aws.ToString(d.UserName), Path: aws.ToString(d.Path), Tags: tagsOf(d.Tags), CreatedAt: aws.ToTime(d.CreateDate),
		Foreign: len(d.AttachedManagedPolicies) > 0 || len(d.GroupList) > 0,
	}
	u.notOurs = !b.owns(u.Name, u.Path, u.Tags)
	for _, p := range d.UserPolicyList {
		name := aws.ToString(p.PolicyName)
		if name != policyName {
			u.foreignPolicies = append(u.foreignPolicies, name)
			u.Foreign = true
			continue
		}
		doc, err := s3policy.FromIAMAnswer(aws.ToString(p.PolicyDocument))
		if err != nil {
			return user{}, fmt.Errorf("GetAccountAuthorizationDetails: user %s: %w", u.Name, err)
		}
		u.Policy = doc
	}
	slices.Sort(u.foreignPolicies)
	return u, nil
}

// wrote drops the bulk read after a write: it may no longer hold.
func (b *Backend) wrote() { b.users.Invalidate(accountWide) }
