package ceph_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/minio/minio-go/v7"
	"golang.org/x/sync/errgroup"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/ceph"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/ceph/cephtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// buckets makes buckets of the admin user's, each holding the probe
// object, named after the test.
func buckets(t *testing.T, s *cephtest.Server, names ...string) []string {
	t.Helper()
	admin, err := s.S3(s.AccessKey, s.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	suffix := acctest.RandomHex(t, 4)
	var made []string
	for _, n := range names {
		bucket := n + "-" + suffix
		if err := admin.MakeBucket(context.Background(), bucket, acctest.ProbeObject, acctest.ProbeContent(bucket)); err != nil {
			t.Fatal(err)
		}
		made = append(made, bucket)
	}
	return made
}

func keyS3(t *testing.T, s *cephtest.Server, k backend.Key) *acctest.S3 {
	t.Helper()
	c, err := s.S3(k.AccessKey, k.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func create(t *testing.T, b *ceph.Backend, spec backend.KeySpec) backend.Key {
	t.Helper()
	k, err := backend.Open(b).CreateKey(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.DeleteKey(context.Background(), k.ID) })
	return k
}

func expectAccess(t *testing.T, key *acctest.S3, bucket string, want acctest.Access) {
	t.Helper()
	if got := acctest.ProbeUntil(context.Background(), t, key, bucket, want); got != want {
		t.Errorf("on %s the key may %v, want %v", bucket, got, want)
	}
}

// A key reaches what its grants say on buckets another user owns, and an
// unrestricted key every bucket; a key granted nothing reaches none.
func TestKeysReachWhatTheirGrantsSay(t *testing.T) {
	t.Parallel()
	s := cephtest.Shared(t)
	b := newBackend(t)
	bs := buckets(t, s, "logs", "data", "other")
	logs, data, other := bs[0], bs[1], bs[2]

	limited := create(t, b, backend.KeySpec{Name: backendtest.UniqueName(t, "limited"), Limited: true, Grants: []backend.Grant{
		{Bucket: logs, Permission: backend.ReadOnly}, {Bucket: data, Permission: backend.ReadWrite},
	}})
	key := keyS3(t, s, limited)
	expectAccess(t, key, logs, acctest.ReadOnly)
	expectAccess(t, key, data, acctest.ReadWrite)
	expectAccess(t, key, other, acctest.NoAccess)

	unrestricted := keyS3(t, s, create(t, b, backend.KeySpec{Name: backendtest.UniqueName(t, "all")}))
	expectAccess(t, unrestricted, other, acctest.ReadWrite)

	none := keyS3(t, s, create(t, b, backend.KeySpec{Name: backendtest.UniqueName(t, "none"), Limited: true}))
	for _, bucket := range bs {
		expectAccess(t, none, bucket, acctest.NoAccess)
	}
	if _, err := none.ListBuckets(context.Background()); err != nil {
		t.Errorf("a key granted nothing cannot list the buckets, which every key may: %v", err)
	}
}

// A suspended key is refused at once and works again when enabled, its
// grants intact: Ceph 16 drops a user's policy when the user changes, and
// the backend writes it again.
func TestDisabledKeyIsRefusedAndComesBackWithItsGrants(t *testing.T) {
	t.Parallel()
	s := cephtest.Shared(t)
	b := newBackend(t)
	logs := buckets(t, s, "logs")[0]
	spec := backend.KeySpec{Name: backendtest.UniqueName(t, "switch"), Limited: true, Grants: []backend.Grant{{Bucket: logs, Permission: backend.ReadOnly}}}
	k := create(t, b, spec)
	key := keyS3(t, s, k)
	ctx := context.Background()

	spec.Disabled = true
	if _, err := b.UpdateKey(ctx, k.ID, spec); err != nil {
		t.Fatal(err)
	}
	if _, err := key.Read(ctx, logs, acctest.ProbeObject); !isCode(err, "UserSuspended") {
		t.Fatalf("a suspended key read %s: %v, want UserSuspended", logs, err)
	}
	spec.Disabled, spec.Name = false, spec.Name+"-renamed"
	if _, err := b.UpdateKey(ctx, k.ID, spec); err != nil {
		t.Fatal(err)
	}
	expectAccess(t, key, logs, acctest.ReadOnly)
	got, err := b.GetKey(ctx, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Disabled || got.Name != spec.Name || len(got.Grants) != 1 {
		t.Errorf("after enabling and renaming: %+v", got)
	}
}

func isCode(err error, code string) bool {
	var resp minio.ErrorResponse
	return errors.As(err, &resp) && resp.Code == code
}

// Ceph 16 drops a user's inline policies whenever the user changes (Ceph
// tracker 48761). Changed behind the backend's back, the key reads as
// reaching no bucket, which the next plan shows as drift. This fails once
// the gateway keeps the policy, so that the backend's extra writes and its
// docs are revisited.
func TestCeph16DropsThePolicyWhenTheUserChanges(t *testing.T) {
	t.Parallel()
	s := cephtest.Shared(t)
	b := newBackend(t)
	logs := buckets(t, s, "logs")[0]
	k := create(t, b, backend.KeySpec{Name: backendtest.UniqueName(t, "dropped"), Limited: true,
		Grants: []backend.Grant{{Bucket: logs, Permission: backend.ReadOnly}}})
	if _, err := s.RadosgwAdmin(context.Background(), "user", "modify", "--uid="+ceph.DefaultUserPrefix+k.ID, "--display-name=changed elsewhere"); err != nil {
		t.Fatal(err)
	}
	got, err := b.GetKey(context.Background(), k.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Limited || len(got.Grants) != 0 {
		t.Fatalf("after a change of the user elsewhere the key reads limited=%v grants=%v; Ceph 16 drops the policy", got.Limited, got.Grants)
	}
	expectAccess(t, keyS3(t, s, k), logs, acctest.NoAccess)
}

// Ceph 16 takes every action of permissions.md in a user policy, the
// account-wide ones included, so the backend leaves none out. This fails
// when a Ceph release refuses one, so that the action list and the docs
// are revisited.
func TestCephTakesEveryAction(t *testing.T) {
	t.Parallel()
	s := cephtest.Shared(t)
	b := newBackend(t)
	k := create(t, b, backend.KeySpec{Name: backendtest.UniqueName(t, "actions"), Limited: true})
	client := iam.New(iam.Options{Region: "default", BaseEndpoint: aws.String(s.URL()),
		Credentials: credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, "")})
	actions, err := backend.ReadWrite.Actions()
	if err != nil {
		t.Fatal(err)
	}
	actions = append(actions, backend.AccountActions...)
	var mu sync.Mutex
	var refused []string
	g := new(errgroup.Group)
	g.SetLimit(4)
	for i, action := range actions {
		g.Go(func() error {
			doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[%q],"Resource":["arn:aws:s3:::probe","arn:aws:s3:::probe/*"]}]}`, action)
			_, err := client.PutUserPolicy(context.Background(), &iam.PutUserPolicyInput{UserName: aws.String(ceph.DefaultUserPrefix + k.ID),
				PolicyName: aws.String(fmt.Sprintf("probe-%02d", i)), PolicyDocument: aws.String(doc)})
			if err != nil {
				if !strings.Contains(err.Error(), "MalformedPolicyDocument") {
					return fmt.Errorf("%s: %w", action, err)
				}
				mu.Lock()
				refused = append(refused, action)
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	if len(refused) > 0 {
		slices.Sort(refused)
		t.Errorf("Ceph refuses %v: leave them out of the policies and say so in the docs", refused)
	}
}

// A create whose answer is lost after the user was made is sent again and
// adopts the user, which holds the create's credentials: one user, no
// second key.
func TestRepeatedCreateAdoptsItsOwnUser(t *testing.T) {
	t.Parallel()
	s := cephtest.Shared(t)
	proxy, cfg := cephtest.Behind(t, s)
	cfg.Retries.RetryWaitMin, cfg.Retries.RetryWaitMax = backendtest.QuickRetries.RetryWaitMin, backendtest.QuickRetries.RetryWaitMax
	b, err := ceph.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	name := backendtest.UniqueName(t, "once")
	proxy.Inject(fakeapi.Fault{Op: "PUT user", Status: http.StatusInternalServerError, DoWork: true})
	k := create(t, b, backend.KeySpec{Name: name, Limited: true})
	if got := proxy.Requests()["PUT user"]; got != 2 {
		t.Errorf("PUT user sent %d times, want 2", got)
	}
	if keys := cephtest.KeysNamed(t, s, name); len(keys) != 1 || keys[k.ID] != name {
		t.Errorf("users named %s: %v, want the one in state", name, keys)
	}
	if _, err := keyS3(t, s, k).ListBuckets(context.Background()); err != nil {
		t.Errorf("the adopted key does not work: %v", err)
	}
}

// A key's refresh costs two requests (its user, its policy), and a list
// one more than two a key.
func TestRequestCounts(t *testing.T) {
	t.Parallel()
	s := cephtest.Shared(t)
	proxy, cfg := cephtest.Behind(t, s)
	cfg.UserPrefix = "counted-" + acctest.RandomHex(t, 3) + "-"
	b, err := ceph.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 3 {
		ids = append(ids, create(t, b, backend.KeySpec{Name: fmt.Sprintf("counted-%d", i), Limited: true}).ID)
	}
	proxy.ResetRequests()
	if _, err := b.GetKey(context.Background(), ids[0]); err != nil {
		t.Fatal(err)
	}
	if got := proxy.TotalRequests(); got != 2 {
		t.Errorf("a key's read took %d requests, want 2: %v", got, proxy.Requests())
	}
	proxy.ResetRequests()
	keys, err := b.ListKeys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 3 {
		t.Errorf("listed %d keys, want 3", len(keys))
	}
	if got := proxy.TotalRequests(); got != 1+2*3 {
		t.Errorf("a list of 3 keys took %d requests, want 7: %v", got, proxy.Requests())
	}
}

// A key of a user the backend did not make is not its own: an import
// hears so, and a delete leaves it.
func TestKeysOfOtherUsersAreNotOurs(t *testing.T) {
	t.Parallel()
	s := cephtest.Shared(t)
	b := newBackend(t)
	_, err := b.GetKey(context.Background(), s.AccessKey)
	var notOurs *backend.NotOursError
	if !errors.As(err, &notOurs) || !strings.Contains(err.Error(), cephtest.AdminUID) {
		t.Fatalf("reading the admin's key: %v, want a NotOursError naming %s", err, cephtest.AdminUID)
	}
	if err := b.DeleteKey(context.Background(), s.AccessKey); err != nil {
		t.Fatal(err)
	}
	if _, err := s.S3(s.AccessKey, s.SecretKey); err != nil {
		t.Fatal(err)
	}
	admin, _ := s.S3(s.AccessKey, s.SecretKey)
	if _, err := admin.ListBuckets(context.Background()); err != nil {
		t.Fatalf("the admin's key stopped working after a delete of it: %v", err)
	}
}

// A key that made buckets is revoked on delete; its user stays, keyless,
// holding the buckets, which the backend never purges.
func TestDeleteRevokesAKeyThatOwnsBuckets(t *testing.T) {
	t.Parallel()
	s := cephtest.Shared(t)
	b := newBackend(t)
	k := create(t, b, backend.KeySpec{Name: backendtest.UniqueName(t, "owner")})
	bucket := "owned-" + acctest.RandomHex(t, 4)
	key := keyS3(t, s, k)
	if err := key.MakeBucket(context.Background(), bucket, "kept.txt", "kept"); err != nil {
		t.Fatal(err)
	}
	if err := b.DeleteKey(context.Background(), k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := key.ListBuckets(context.Background()); !acctest.IsUnknownKey(err) {
		t.Errorf("the deleted key still works: %v", err)
	}
	if _, err := b.GetKey(context.Background(), k.ID); !backend.IsNotFound(err) {
		t.Errorf("the deleted key reads as %v, want not found", err)
	}
	admin, _ := s.S3(s.AccessKey, s.SecretKey)
	names, err := admin.ListBuckets(context.Background())
	_ = names
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.RadosgwAdmin(context.Background(), "bucket", "stats", "--bucket="+bucket)
	if err != nil || !strings.Contains(string(out), ceph.DefaultUserPrefix+k.ID) {
		t.Errorf("the bucket the key made is gone or changed owner: %v %s", err, out)
	}
}

// A wrong credential names the settings to check, says the operation
// once and never shows the credential.
func TestRefusedCredential(t *testing.T) {
	t.Parallel()
	cfg := cephtest.Shared(t).Config()
	cfg.SecretKey = "not-the-secret-" + acctest.RandomHex(t, 4)
	b, err := ceph.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	backendtest.RefusedCredential(t, b, backend.KeySpec{Name: "refused"}, cfg.SecretKey, "SignatureDoesNotMatch", "ceph.secret_key")
}
