package minio

import (
	"context"
	"fmt"
	"slices"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/s3policy"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
)

var _ backend.ReachChecker = (*Backend)(nil)

// BeyondReach tells which grants a key of the admin user would not get in
// full: MinIO gives a service account at most its parent user's rights. It
// asks MinIO once per process what the user reaches (accountinfo, which
// needs no admin right). A bucket the user reaches with less than a grant
// says falls short; so does one it does not reach at all, unless its
// policy covers every bucket (the bucket is then only not made yet).
func (b *Backend) BeyondReach(ctx context.Context, grants []backend.Grant) ([]backend.Shortfall, error) {
	info, err := b.accountInfo(ctx)
	if err != nil {
		return nil, err
	}
	reach := map[string][2]bool{} // bucket -> read, write
	for _, bucket := range info.Buckets {
		reach[bucket.Name] = [2]bool{bucket.Access.Read, bucket.Access.Write}
	}
	everyBucket := coversEveryBucket(info.Policy)
	var out []backend.Shortfall
	for _, g := range grants {
		needWrite := g.Permission == backend.ReadWrite
		if g.Permission != backend.ReadOnly && !needWrite {
			continue
		}
		access, known := reach[g.Bucket]
		switch {
		case !known && !everyBucket:
			out = append(out, backend.Shortfall{Grant: g, Detail: fmt.Sprintf(
				"The MinIO user %q reaches no bucket %q: it does not exist yet, or the user's policy does not cover it. "+
					"MinIO gives a key at most its user's rights, so this key gets nothing there until both change.", b.user, g.Bucket)})
		case known && (!access[0] || needWrite && !access[1]):
			out = append(out, backend.Shortfall{Grant: g, Detail: fmt.Sprintf(
				"The MinIO user %q may %s bucket %q, less than %s. MinIO gives a key at most its user's rights, so this "+
					"key gets no more there: widen the user's policy, or grant less.", b.user, spell(access), g.Bucket, g.Permission)})
		}
	}
	return out, nil
}

// accountInfo is the user's account information, read once per process.
func (b *Backend) accountInfo(ctx context.Context) (adminapi.AccountInfo, error) {
	b.accountOnce.Do(func() {
		b.accountErr = b.call(ctx, func(ctx context.Context) (err error) {
			b.account, err = b.admin.AccountInfo(ctx)
			return err
		})
	})
	return b.account, b.accountErr
}

// coversEveryBucket reports whether a user's policy allows every S3 action
// on every bucket and object, as the readwrite canned policy does.
func coversEveryBucket(policy []byte) bool {
	doc, err := s3policy.Decode(policy)
	if err != nil {
		return false
	}
	for _, st := range doc.Statement {
		if st.IsPlainAllow() && slices.Contains(st.Action, "s3:*") && slices.Contains(st.Resource, s3policy.ARN+"*") {
			return true
		}
	}
	return false
}

func spell(access [2]bool) string {
	switch {
	case access[0] && access[1]:
		return "read and write"
	case access[0]:
		return "only read"
	case access[1]:
		return "only write"
	}
	return "neither read nor write"
}
