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

// A key has exactly its grants after each change of its user: Ceph 16
// drops a user's policy whenever the user changes (a rename, a disable, an
// enable), and the backend writes it again; proven with S3 after each.
func TestGrantsHoldThroughEveryChange(t *testing.T) {
	t.Parallel()
	s := cephtest.Shared(t)
	b := newBackend(t)
	bs := buckets(t, s, "logs", "data")
	logs, data := bs[0], bs[1]
	spec := backend.KeySpec{Name: backendtest.UniqueName(t, "changes"), Limited: true, Grants: []backend.Grant{{Bucket: logs, Permission: backend.ReadOnly}}}
	k := create(t, b, spec)
	key := keyS3(t, s, k)
	ctx := context.Background()
	update := func(what string) {
		t.Helper()
		if _, err := backend.Open(b).UpdateKey(ctx, k.ID, spec); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	exactly := func(what string, wantLogs, wantData acctest.Access) {
		t.Helper()
		expectAccess(t, key, logs, wantLogs)
		expectAccess(t, key, data, wantData)
		got, err := b.GetKey(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != spec.Name || got.Disabled != spec.Disabled || len(got.Grants) != len(spec.Grants) {
			t.Errorf("after %s the key reads %+v", what, backendtest.Redacted(got))
		}
	}

	spec.Name += "-renamed"
	update("a rename")
	exactly("a rename", acctest.ReadOnly, acctest.NoAccess)

	spec.Disabled = true
	update("a disable")
	if _, err := key.Read(ctx, logs, acctest.ProbeObject); !isCode(err, "UserSuspended") {
		t.Fatalf("a disabled key read %s: %v, want UserSuspended", logs, err)
	}

	spec.Disabled = false
	update("an enable")
	exactly("an enable", acctest.ReadOnly, acctest.NoAccess)

	spec.Grants = []backend.Grant{{Bucket: logs, Permission: backend.ReadWrite}, {Bucket: data, Permission: backend.ReadOnly}}
	update("a grant change")
	exactly("a grant change", acctest.ReadWrite, acctest.ReadOnly)

	spec.SecretKey = "a-new-secret-" + acctest.RandomHex(t, 8)
	update("a new secret")
	k.SecretKey = spec.SecretKey
	key = keyS3(t, s, k)
	exactly("a new secret", acctest.ReadWrite, acctest.ReadOnly)
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
	cfg.Retries = backendtest.QuickRetries
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

// A key's read is one request (its user's metadata, which holds its
// policy), a list one more than one a key; a create three (the user, the
// policy, its read back), a delete two. Asserted for 1 and 200 keys.
func TestRequestCounts(t *testing.T) {
	t.Parallel()
	s := cephtest.Shared(t)
	for _, n := range []int{1, 200} {
		t.Run(fmt.Sprintf("%d keys", n), func(t *testing.T) {
			t.Parallel()
			proxy, cfg := cephtest.Behind(t, s)
			cfg.UserPrefix = "counted-" + acctest.RandomHex(t, 3) + "-"
			b, err := ceph.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]string, n)
			g := new(errgroup.Group)
			g.SetLimit(8)
			for i := range n {
				g.Go(func() error {
					k, err := b.CreateKey(context.Background(), backend.KeySpec{Name: fmt.Sprintf("counted-%d", i), Limited: true})
					ids[i] = k.ID
					return err
				})
			}
			if err := g.Wait(); err != nil {
				t.Fatal(err)
			}
			if got := proxy.TotalRequests(); got != 3*n {
				t.Errorf("%d creates took %d requests, want %d: %v", n, got, 3*n, proxy.Requests())
			}
			proxy.ResetRequests()
			backendtest.ReadLikeTerraform(t, b, ids)
			if got := proxy.TotalRequests(); got != n {
				t.Errorf("a refresh of %d keys took %d requests, want %d: %v", n, got, n, proxy.Requests())
			}
			proxy.ResetRequests()
			keys, err := b.ListKeys(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(keys) != n {
				t.Errorf("listed %d keys, want %d", len(keys), n)
			}
			if got := proxy.TotalRequests(); got != 1+n {
				t.Errorf("a list of %d keys took %d requests, want %d: %v", n, got, 1+n, proxy.Requests())
			}
			proxy.ResetRequests()
			for _, id := range ids {
				g.Go(func() error { return b.DeleteKey(context.Background(), id) })
			}
			if err := g.Wait(); err != nil {
				t.Fatal(err)
			}
			if got := proxy.TotalRequests(); got != 2*n {
				t.Errorf("%d deletes took %d requests, want %d: %v", n, got, 2*n, proxy.Requests())
			}
		})
	}
}

// A key of a user the backend did not make is not its own, even under the
// backend's uid: a read (an import) hears whose it is, a list passes it
// over, and a delete refuses it and leaves it working.
func TestKeysOfOtherUsersAreNotOurs(t *testing.T) {
	t.Parallel()
	s := cephtest.Shared(t)
	b := newBackend(t)
	ctx := context.Background()
	lookalike := "LOOKALIKE" + strings.ToUpper(acctest.RandomHex(t, 6))
	lookalikeSecret := acctest.RandomHex(t, 20)
	if _, err := s.RadosgwAdmin(ctx, "user", "create", "--uid="+ceph.DefaultUserPrefix+lookalike, "--display-name=made by hand",
		"--access-key="+lookalike, "--secret-key="+lookalikeSecret); err != nil {
		t.Fatal(err)
	}
	for _, other := range []struct{ accessKey, secretKey, owner string }{
		{s.AccessKey, s.SecretKey, cephtest.AdminUID},
		{lookalike, lookalikeSecret, ceph.DefaultUserPrefix + lookalike},
	} {
		var notOurs *backend.NotOursError
		if _, err := b.GetKey(ctx, other.accessKey); !errors.As(err, &notOurs) || !strings.Contains(err.Error(), other.owner) {
			t.Errorf("reading %s: %v, want a NotOursError naming %s", other.accessKey, err, other.owner)
		}
		if err := b.DeleteKey(ctx, other.accessKey); !errors.As(err, &notOurs) {
			t.Errorf("deleting %s: %v, want a NotOursError", other.accessKey, err)
		}
		key, _ := s.S3(other.accessKey, other.secretKey)
		if _, err := key.ListBuckets(ctx); err != nil {
			t.Errorf("%s stopped working after a delete of it: %v", other.accessKey, err)
		}
	}
	keys, err := b.ListKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(keys, func(k backend.Key) bool { return k.ID == lookalike }) {
		t.Errorf("the list holds %s, a user made by hand under the backend's prefix", lookalike)
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
