package gcs

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
	storage "google.golang.org/api/storage/v1"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/listcache"
)

// Roles are the predefined roles a permission binds a key's account to
// on its bucket (the provider's guide lists what each grants beside
// permissions.md): objects read or read and written, and the bucket's
// own metadata and listing through legacyBucketReader, which S3 clients
// need for HeadBucket and multipart listings.
var Roles = map[backend.Permission][]string{
	backend.ReadOnly:  {"roles/storage.legacyBucketReader", "roles/storage.objectViewer"},
	backend.ReadWrite: {"roles/storage.legacyBucketReader", "roles/storage.objectUser"},
}

// policyVersion is the policy version every read asks for: a version-1
// read of a policy with conditional bindings fails.
const policyVersion = 3

// maxConflicts bounds one bucket's read-modify-write: the tries after a
// write refused because the etag changed under it.
const maxConflicts = 20

// policyReaders bounds the policies read at once; bucketsPerPage is the
// largest page of buckets the API serves.
const (
	policyReaders  = 8
	bucketsPerPage = 1000
)

// policies are the project's buckets and their IAM policies, each read
// once per run and kept current with this process's own writes. A key's
// grants are its account's bindings in them, so one read of every bucket
// serves every key.
type policies struct {
	b     *Backend
	names listcache.Cache[struct{}]
	cache listcache.Cache[*storage.Policy]
	// locks make this process write one bucket's policy at a time.
	locksMu sync.Mutex
	locks   map[string]*sync.Mutex
}

func newPolicies(b *Backend) *policies { return &policies{b: b, locks: map[string]*sync.Mutex{}} }

// lock is the bucket's write lock.
func (p *policies) lock(bucket string) *sync.Mutex {
	p.locksMu.Lock()
	defer p.locksMu.Unlock()
	if p.locks[bucket] == nil {
		p.locks[bucket] = &sync.Mutex{}
	}
	return p.locks[bucket]
}

// buckets are the project's buckets.
func (p *policies) buckets(ctx context.Context) (map[string]struct{}, error) {
	return p.names.Get(ctx, "buckets", func(ctx context.Context) (map[string]struct{}, error) {
		out := map[string]struct{}{}
		what := "list the buckets of project " + p.b.cfg.Project
		err := eachPage(what, func(token string) (string, error) {
			page, err := p.b.storage.Buckets.List(p.b.cfg.Project).MaxResults(bucketsPerPage).PageToken(token).
				Fields("items(name)", "nextPageToken").Context(reading(ctx)).Do()
			if err != nil {
				return "", failedAt(p.b.cfg.StorageURL, what, err)
			}
			for _, bucket := range page.Items {
				out[bucket.Name] = struct{}{}
			}
			return page.NextPageToken, nil
		})
		if err != nil {
			return nil, err
		}
		return out, nil
	})
}

// policy is a bucket's policy as this run knows it.
func (p *policies) policy(ctx context.Context, bucket string) (*storage.Policy, error) {
	got, err := p.cache.Get(ctx, bucket, func(ctx context.Context) (map[string]*storage.Policy, error) {
		pol, err := p.read(ctx, bucket)
		if err != nil {
			return nil, err
		}
		return map[string]*storage.Policy{"": pol}, nil
	})
	if err != nil {
		return nil, err
	}
	return got[""], nil
}

// read reads a bucket's policy afresh; the caller keeps it.
func (p *policies) read(ctx context.Context, bucket string) (*storage.Policy, error) {
	pol, err := p.b.storage.Buckets.GetIamPolicy(bucket).OptionsRequestedPolicyVersion(policyVersion).Context(reading(ctx)).Do()
	if err != nil {
		return nil, failedAt(p.b.cfg.StorageURL, fmt.Sprintf("read the IAM policy of bucket %q", bucket), err)
	}
	return pol, nil
}

// all is every bucket's policy; a bucket deleted since the list is left
// out.
func (p *policies) all(ctx context.Context) (map[string]*storage.Policy, error) {
	names, err := p.buckets(ctx)
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex
	out := map[string]*storage.Policy{}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(policyReaders)
	for _, bucket := range slices.Sorted(maps.Keys(names)) {
		g.Go(func() error {
			pol, err := p.policy(ctx, bucket)
			if backend.IsNotFound(err) {
				return nil
			}
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			out[bucket] = pol
			return nil
		})
	}
	return out, g.Wait()
}

// grantsOf reads an account's grants from the policies: a bucket whose
// unconditional bindings of it hold exactly one permission's roles is
// granted that permission; any other binding of it, a conditional one
// too, is a custom grant, shown so that the plan says what it reaches.
func grantsOf(policies map[string]*storage.Policy, email string) []backend.Grant {
	m := member(email)
	var grants []backend.Grant
	for bucket, pol := range policies {
		held, conditional := rolesOf(pol, m)
		if len(held) == 0 && !conditional {
			continue
		}
		g := backend.Grant{Bucket: bucket, Permission: backend.Custom}
		for p, roles := range Roles {
			if !conditional && slices.Equal(held, roles) {
				g.Permission = p
			}
		}
		grants = append(grants, g)
	}
	backend.SortGrants(grants)
	return grants
}

// rolesOf is the sorted roles of m's unconditional bindings, and whether
// a conditional binding names m too.
func rolesOf(pol *storage.Policy, m string) (roles []string, conditional bool) {
	for _, binding := range pol.Bindings {
		if !slices.Contains(binding.Members, m) {
			continue
		}
		if binding.Condition != nil {
			conditional = true
			continue
		}
		if !slices.Contains(roles, binding.Role) {
			roles = append(roles, binding.Role)
		}
	}
	slices.Sort(roles)
	return roles, conditional
}

// ErrConditional is a bucket whose policy binds a key's account under a
// condition, which the provider never changes.
var ErrConditional = errors.New("a conditional binding")

// withRoles is pol with m bound to roles (none to remove it) and nothing
// else changed: m leaves its other unconditional bindings, bindings left
// without members go, and every other member, binding and condition stays
// as it is. changed is false when m already holds exactly roles.
func withRoles(pol *storage.Policy, m string, roles []string) (out *storage.Policy, changed bool) {
	held, _ := rolesOf(pol, m)
	want := slices.Sorted(slices.Values(roles))
	if slices.Equal(held, want) {
		return pol, false
	}
	out = &storage.Policy{Etag: pol.Etag, Version: pol.Version, ResourceId: pol.ResourceId, Kind: pol.Kind}
	for _, binding := range pol.Bindings {
		if binding.Condition != nil || !slices.Contains(binding.Members, m) {
			out.Bindings = append(out.Bindings, binding)
			if binding.Condition != nil {
				out.Version = policyVersion
			}
			continue
		}
		others := slices.DeleteFunc(slices.Clone(binding.Members), func(x string) bool { return x == m })
		if len(others) > 0 {
			out.Bindings = append(out.Bindings, &storage.PolicyBindings{Role: binding.Role, Members: others})
		}
	}
	for _, role := range want {
		i := slices.IndexFunc(out.Bindings, func(bd *storage.PolicyBindings) bool { return bd.Role == role && bd.Condition == nil })
		if i < 0 {
			out.Bindings = append(out.Bindings, &storage.PolicyBindings{Role: role, Members: []string{m}})
			continue
		}
		bd := *out.Bindings[i]
		bd.Members = append(slices.Clone(bd.Members), m)
		out.Bindings[i] = &bd
	}
	return out, true
}

// set binds an account on a bucket to a permission's roles, or unbinds it
// (permission ""), by read-modify-write with the policy's etag: a write
// refused because the policy changed since it was read (412, or 409) is
// read again and tried again, so another writer's change between the two
// is kept. A binding of the account under a condition is refused with
// strict, and left alone without.
func (p *policies) set(ctx context.Context, bucket, email string, permission backend.Permission, strict bool) error {
	names, err := p.buckets(ctx)
	if err != nil {
		return err
	}
	if _, ok := names[bucket]; !ok {
		if permission == "" {
			return nil
		}
		return fmt.Errorf("grant on bucket %q: project %s has no such bucket (a bucket of another project cannot be "+
			"granted: its bindings would not be read back)", bucket, p.b.cfg.Project)
	}
	lock := p.lock(bucket)
	lock.Lock()
	defer lock.Unlock()
	op := fmt.Sprintf("grant on bucket %q", bucket)
	m := member(email)
	// gone is the answer when the bucket was deleted since the list: a
	// removal has nothing to do, a grant fails, not as a missing key.
	gone := func() error {
		p.cache.Invalidate(bucket)
		if permission == "" {
			return nil
		}
		return fmt.Errorf("%s: project %s no longer has the bucket", op, p.b.cfg.Project)
	}
	pol, err := p.policy(ctx, bucket)
	if backend.IsNotFound(err) {
		return gone()
	}
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	for conflicts := 0; ; {
		if _, conditional := rolesOf(pol, m); conditional && strict {
			return fmt.Errorf("%s: the bucket's IAM policy binds service account %s under a condition, which the provider "+
				"never changes: remove that binding from the bucket's policy, then apply again: %w", op, email, ErrConditional)
		}
		out, changed := withRoles(pol, m, Roles[permission])
		if !changed {
			return nil
		}
		written, err := p.b.storage.Buckets.SetIamPolicy(bucket, out).Context(reading(ctx)).Do()
		if err == nil {
			p.cache.Put(bucket, "", written)
			return nil
		}
		switch code := codeOf(err); {
		case (code == 412 || code == 409) && conflicts < maxConflicts:
			// Another writer got there first: after a short random wait,
			// so that writers racing on one bucket spread out, read again.
			conflicts++
			if err := sleep(ctx, time.Duration(rand.Int64N(int64(conflicts)*int64(50*time.Millisecond)))); err != nil {
				return failedAt(p.b.cfg.StorageURL, op, err)
			}
		case code == 400 && p.b.mayBeUnseen(email) && unseenAccount(err, email):
			// The account is new, and Cloud Storage does not see it yet.
			if err := sleep(ctx, time.Second); err != nil {
				return failedAt(p.b.cfg.StorageURL, op, err)
			}
		case code == 404:
			return gone()
		default:
			p.cache.Invalidate(bucket)
			return failedAt(p.b.cfg.StorageURL, op, err)
		}
		pol, err = p.read(ctx, bucket)
		if backend.IsNotFound(err) {
			return gone()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		p.cache.Put(bucket, "", pol)
	}
}

// unseenAccount reports whether a refused policy names the account as
// one that does not exist: Cloud Storage does not see a new account yet.
func unseenAccount(err error, email string) bool {
	text := err.Error()
	return strings.Contains(text, email) || strings.Contains(text, "does not exist")
}

// unbindAll removes an account from every bucket's policy, conditional
// bindings left alone.
func (p *policies) unbindAll(ctx context.Context, email string) error {
	all, err := p.all(ctx)
	if err != nil {
		return err
	}
	for _, bucket := range slices.Sorted(maps.Keys(all)) {
		if held, _ := rolesOf(all[bucket], member(email)); len(held) == 0 {
			continue
		}
		if err := p.set(ctx, bucket, email, "", false); err != nil {
			return err
		}
	}
	return nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}
