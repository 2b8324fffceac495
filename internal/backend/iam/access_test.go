package iam_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// Every permission claim, proven with S3 on the pinned SeaweedFS: what
// each kind of key the backend makes can and cannot do on a bucket it was
// granted, one it was granted otherwise, and one it was not.
func TestKeysReachWhatTheirGrantsSay(t *testing.T) {
	cfg := seaweedConfig(t)
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	admin, err := server.S3(server.AccessKey, server.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	ro, rw, none := backendtest.UniqueName(t, "ro"), backendtest.UniqueName(t, "rw"), backendtest.UniqueName(t, "none")
	for _, bucket := range []string{ro, rw, none} {
		if err := admin.MakeBucket(ctx, bucket, acctest.ProbeObject, acctest.ProbeContent(bucket)); err != nil {
			t.Fatal(err)
		}
	}
	b := iam.New(cfg)
	cases := []struct {
		name string
		spec backend.KeySpec
		want map[string]acctest.Access
	}{
		{"read_only and read_write grants", backend.KeySpec{Limited: true, Grants: []backend.Grant{
			{Bucket: ro, Permission: backend.ReadOnly}, {Bucket: rw, Permission: backend.ReadWrite},
		}}, map[string]acctest.Access{ro: acctest.ReadOnly, rw: acctest.ReadWrite, none: acctest.NoAccess}},
		{"no grant", backend.KeySpec{Limited: true},
			map[string]acctest.Access{ro: acctest.NoAccess, rw: acctest.NoAccess, none: acctest.NoAccess}},
		{"unrestricted", backend.KeySpec{},
			map[string]acctest.Access{ro: acctest.ReadWrite, rw: acctest.ReadWrite, none: acctest.ReadWrite}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.spec.Name = tc.name
			key, err := b.CreateKey(ctx, tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := b.DeleteKey(context.Background(), key.ID); err != nil {
					t.Error(err)
				}
			})
			s3, err := server.S3(key.AccessKey, key.SecretKey)
			if err != nil {
				t.Fatal(err)
			}
			for bucket, want := range tc.want {
				if got := acctest.ProbeUntil(ctx, t, s3, bucket, want); got != want {
					t.Errorf("on bucket %s the key can %v, want %v", bucket, got, want)
				}
			}
			// SeaweedFS lists a limited key only the buckets it reaches (the
			// account statement, which would list them all, is left out
			// there: policy.go).
			if tc.spec.Limited {
				var reached []string
				for bucket, access := range tc.want {
					if access != acctest.NoAccess {
						reached = append(reached, bucket)
					}
				}
				slices.Sort(reached)
				if listed, err := s3.ListBuckets(ctx); err != nil || !slices.Equal(listed, reached) {
					t.Errorf("the key lists the buckets %v (err %v), want %v", listed, err, reached)
				}
			}
		})
	}

	// A disabled key is refused at once, and works again when enabled.
	spec := backend.KeySpec{Name: "switched", Limited: true, Grants: []backend.Grant{{Bucket: ro, Permission: backend.ReadOnly}}, Disabled: true}
	key, err := b.CreateKey(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.DeleteKey(context.Background(), key.ID) })
	s3, err := server.S3(key.AccessKey, key.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s3.Read(ctx, ro, acctest.ProbeObject); !acctest.IsUnknownKey(err) {
		t.Errorf("a key made disabled reads: %v, want the key refused", err)
	}
	spec.Disabled = false
	if _, err := b.UpdateKey(ctx, key.ID, spec); err != nil {
		t.Fatal(err)
	}
	if got := acctest.ProbeUntil(ctx, t, s3, ro, acctest.ReadOnly); got != acctest.ReadOnly {
		t.Errorf("the enabled key can %v, want %v", got, acctest.ReadOnly)
	}
}

// SeaweedFSUnknownActions is what the pinned SeaweedFS refuses, action by
// action, of the actions the permissions and every key hold: each one alone
// in a user policy, through AWS's own IAM client.
func TestSeaweedFSUnknownActionsAreExactlyThoseItRefuses(t *testing.T) {
	cfg := seaweedConfig(t)
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	client := awsiam.New(awsiam.Options{
		Region: cfg.Region, BaseEndpoint: aws.String(cfg.Endpoint),
		Credentials: credentials.NewStaticCredentialsProvider(cfg.AccessKey, cfg.SecretKey, ""),
	})
	user := aws.String(backendtest.UniqueName(t, "actions"))
	if _, err := client.CreateUser(ctx, &awsiam.CreateUserInput{UserName: user}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = client.DeleteUserPolicy(context.Background(), &awsiam.DeleteUserPolicyInput{UserName: user, PolicyName: aws.String("probe")})
		_, _ = client.DeleteUser(context.Background(), &awsiam.DeleteUserInput{UserName: user})
	})
	all, _ := backend.ReadWrite.Actions()
	all = append(all, backend.AccountActions...)
	var refused []string
	for _, action := range all {
		doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["` + action +
			`"],"Resource":["arn:aws:s3:::probe","arn:aws:s3:::probe/*"]}]}`
		_, err := client.PutUserPolicy(ctx, &awsiam.PutUserPolicyInput{UserName: user, PolicyName: aws.String("probe"), PolicyDocument: aws.String(doc)})
		if err != nil {
			refused = append(refused, action)
		}
	}
	slices.Sort(refused)
	if !slices.Equal(refused, iam.SeaweedFSUnknownActions) {
		t.Errorf("SeaweedFS refuses %v;\nSeaweedFSUnknownActions says %v", refused, iam.SeaweedFSUnknownActions)
	}
}

// SeaweedFS has no bulk read: after one try of it, each key is read alone,
// in five requests (GetUser, ListUserTags, ListUserPolicies, GetUserPolicy,
// ListAccessKeys), counted by a proxy in front of the server.
func TestSeaweedFSRefreshReadsEachKeyAlone(t *testing.T) {
	cfg := seaweedConfig(t)
	t.Parallel()
	ctx := context.Background()
	b := iam.New(cfg)
	const n = 20
	ids := make([]string, n)
	for i := range ids {
		key, err := b.CreateKey(ctx, backend.KeySpec{Name: "counted", Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = key.ID
		t.Cleanup(func() { _ = b.DeleteKey(context.Background(), key.ID) })
	}
	proxy := acctest.ProxyFor(t, server.Endpoint)
	counted := cfg
	counted.Endpoint = "http://" + proxy.Endpoint
	plan := iam.New(counted)
	for _, id := range ids {
		if _, err := plan.GetKey(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	requests := proxy.Requests()
	t.Logf("refresh of %d keys on SeaweedFS: %v", n, requests)
	if requests["GetAccountAuthorizationDetails"] != 1 || proxy.TotalRequests() != 1+5*n {
		t.Errorf("refresh of %d keys sent %v, want one bulk read tried and 5 requests per key", n, requests)
	}
}
