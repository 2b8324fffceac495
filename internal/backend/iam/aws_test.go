package iam_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// awsFake starts the AWS fake and a backend configured for it, with AWS's
// policy language.
func awsFake(t *testing.T) (*fake.Server, *iam.Backend) {
	t.Helper()
	s := fake.Start()
	t.Cleanup(s.Close)
	return s, iam.New(iam.Config{
		Endpoint: s.URL, Region: "us-east-1", AccessKey: s.AccessKey, SecretKey: s.SecretKey,
		Path: iam.DefaultPath, NamePrefix: iam.DefaultNamePrefix, Service: iam.AWS,
	})
}

func TestConformanceOnTheAWSFake(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backendtest.Harness {
		_, b := awsFake(t)
		return backendtest.Driven{D: b}
	})
}

// On AWS the backend's users carry the configured path and their tags
// from the create on, and its key reports when it was made.
func TestAWSKeepsPathTagsAndDates(t *testing.T) {
	s, b := awsFake(t)
	key, err := b.CreateKey(context.Background(), backend.KeySpec{Name: "app", Limited: true})
	if err != nil {
		t.Fatal(err)
	}
	u, ok := s.Users()[iam.DefaultNamePrefix+key.ID]
	if !ok || u.Path != iam.DefaultPath || u.Tags["objectstorage:name"] != "app" || u.Tags["objectstorage:path"] != iam.DefaultPath {
		t.Fatalf("the key's user: %+v (found %v)", u, ok)
	}
	if n := s.Requests()["TagUser"]; n != 0 {
		t.Errorf("the create sent %d TagUser requests; AWS keeps the tags given at creation", n)
	}
	got, err := b.GetKey(context.Background(), key.ID)
	if err != nil || got.CreatedAt.IsZero() {
		t.Errorf("GetKey: created at %v, err %v; want AWS's CreateDate", got.CreatedAt, err)
	}
}

// AWS IAM may not know a user for some seconds after it is made or
// renamed: the create goes on, and a read right after it finds the key
// instead of dropping it from state.
func TestEventualConsistency(t *testing.T) {
	s, b := awsFake(t)
	s.Lag = 1500 * time.Millisecond
	ctx := context.Background()
	key, err := b.CreateKey(ctx, backend.KeySpec{Name: "app", Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}})
	if err != nil {
		t.Fatalf("create against a lagging IAM: %v", err)
	}
	got, err := b.GetKey(ctx, key.ID)
	if err != nil || got.Name != "app" || len(got.Grants) != 1 {
		t.Fatalf("a read right after the create: %+v, %v", got, err)
	}
	if n := s.Requests()["GetUser"]; n < 2 {
		t.Errorf("the read was served at the first GetUser (%d in all): the fake's lag did not show", n)
	}
	// A process that did not make the key does not wait: its NotFound is
	// the answer.
	other := iam.New(iam.Config{Endpoint: s.URL, Region: "us-east-1", AccessKey: s.AccessKey, SecretKey: s.SecretKey,
		Path: iam.DefaultPath, NamePrefix: iam.DefaultNamePrefix, Service: iam.AWS})
	start := time.Now()
	if _, err := other.GetKey(ctx, "AKIAIOSFODNN7EXAMPLE"); !backend.IsNotFound(err) || time.Since(start) > time.Second {
		t.Errorf("another process's read of a missing key: %v after %v", err, time.Since(start))
	}
}

// A plan's refresh reads each key: the first alone (4 requests), the rest
// from one bulk read of the account and one ListAccessKeys each, where a
// read alone costs 4.
func TestRefreshUsesTheBulkRead(t *testing.T) {
	s, b := awsFake(t)
	ctx := context.Background()
	const n = 200
	ids := make([]string, n)
	for i := range ids {
		key, err := b.CreateKey(ctx, backend.KeySpec{Name: "app", Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = key.ID
	}
	s.AddUser("someone-else", "/", nil) // in the account, not the backend's
	s.ResetRequests()
	plan := iam.New(iam.Config{Endpoint: s.URL, Region: "us-east-1", AccessKey: s.AccessKey, SecretKey: s.SecretKey,
		Path: iam.DefaultPath, NamePrefix: iam.DefaultNamePrefix, Service: iam.AWS})
	if _, err := plan.GetKey(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if got := s.TotalRequests(); got != 4 {
		t.Errorf("a plan over one key sent %d requests (%v), want 4", got, s.Requests())
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for _, id := range ids[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k, err := plan.GetKey(ctx, id)
			if err == nil && (k.ID != id || len(k.Grants) != 1) {
				err = fmt.Errorf("key %s read as %+v", id, k)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	requests := s.Requests()
	t.Logf("refresh of %d keys: %d requests %v", n, s.TotalRequests(), requests)
	if requests["GetAccountAuthorizationDetails"] != 1 || requests["ListAccessKeys"] != n || s.TotalRequests() != n+4 {
		t.Errorf("refresh of %d keys sent %v, want 1 bulk read, %d ListAccessKeys and the first read's 3 more", n, requests, n)
	}
	keys, err := plan.ListKeys(ctx)
	if err != nil || len(keys) != n {
		t.Errorf("ListKeys: %d keys, %v", len(keys), err)
	}
}

// A user under the prefix that the backend did not make is refused, read
// alone or from the bulk read, and never listed.
func TestAnotherUsersKeyIsRefused(t *testing.T) {
	s, b := awsFake(t)
	ctx := context.Background()
	const id = "AKIAIOSFODNN7EXAMPLE"
	s.AddUser(iam.DefaultNamePrefix+id, "/", map[string]string{"objectstorage:name": "theirs"})
	var notOurs *backend.NotOursError
	if _, err := b.GetKey(ctx, id); !errors.As(err, &notOurs) {
		t.Errorf("GetKey of another's user: %v, want NotOursError", err)
	}
	if err := b.DeleteKey(ctx, id); !errors.As(err, &notOurs) {
		t.Errorf("DeleteKey of another's user: %v, want NotOursError", err)
	}
	if keys, err := b.ListKeys(ctx); err != nil || len(keys) != 0 {
		t.Errorf("ListKeys: %v, %v; want none", keys, err)
	}
	if _, ok := s.Users()[iam.DefaultNamePrefix+id]; !ok {
		t.Error("the other user is gone")
	}
}

// A delete removes the user whole, detaching a managed policy someone
// attached; a key whose user holds such a policy reads as custom.
func TestDeleteDetachesWhatOthersAttached(t *testing.T) {
	s, b := awsFake(t)
	ctx := context.Background()
	key, err := b.CreateKey(ctx, backend.KeySpec{Name: "app", Limited: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Attach(iam.DefaultNamePrefix+key.ID, "arn:aws:iam::aws:policy/AmazonS3FullAccess")
	list, err := b.ListKeys(ctx)
	if err != nil || len(list) != 1 || len(list[0].Grants) != 1 || list[0].Grants[0].Permission != backend.Custom {
		t.Errorf("a key whose user holds a managed policy lists as %+v, %v; want a custom grant", list, err)
	}
	if err := b.DeleteKey(ctx, key.ID); err != nil {
		t.Fatal(err)
	}
	if users := s.Users(); len(users) != 0 {
		t.Errorf("users left after the delete: %v", users)
	}
}

// The conformance suite against real AWS IAM, with the credentials of the
// AWS SDK's default chain, when OBJECTSTORAGE_TEST_AWS=1; skipped
// otherwise. Its users live under a path and prefix of their own.
func TestConformanceOnRealAWS(t *testing.T) {
	if os.Getenv("OBJECTSTORAGE_TEST_AWS") != "1" {
		t.Skip("set OBJECTSTORAGE_TEST_AWS=1, with AWS credentials in the environment or a profile, to run against AWS")
	}
	backendtest.Run(t, func(t *testing.T) backendtest.Harness {
		return backendtest.Driven{D: iam.New(iam.Config{
			Region: "us-east-1", Profile: os.Getenv("AWS_PROFILE"),
			Path: "/objectstorage-test/", NamePrefix: "ostest-", Service: iam.AWS,
		})}
	})
}

// A key in a user made elsewhere, named USER/ACCESS_KEY_ID (what a moved
// block from aws_iam_access_key or an import gives): read where it is,
// given the key's own policy and name in place, and deleted with its user;
// a user that holds another access key keeps it and that key.
func TestAKeyInAUserMadeElsewhere(t *testing.T) {
	s, b := awsFake(t)
	ctx := context.Background()
	c := awsiam.New(awsiam.Options{Region: "us-east-1", BaseEndpoint: aws.String(s.URL),
		Credentials: credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, "")})
	makeUser := func(name string, keys int) []string {
		if _, err := c.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String(name)}); err != nil {
			t.Fatal(err)
		}
		doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
		if _, err := c.PutUserPolicy(ctx, &awsiam.PutUserPolicyInput{UserName: aws.String(name), PolicyName: aws.String("app-policy"),
			PolicyDocument: aws.String(doc)}); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for range keys {
			out, err := c.CreateAccessKey(ctx, &awsiam.CreateAccessKeyInput{UserName: aws.String(name)})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, aws.ToString(out.AccessKey.AccessKeyId))
		}
		return ids
	}

	id := "app/" + makeUser("app", 1)[0]
	if b.ValidateID(id) != nil {
		t.Fatalf("ValidateID(%q): %v", id, b.ValidateID(id))
	}
	got, err := b.GetKey(ctx, id)
	custom := backend.Grant{Bucket: backend.WildcardBucket, Permission: backend.Custom}
	if err != nil || got.Name != "app" || got.ID != id || len(got.Grants) != 1 || got.Grants[0] != custom {
		t.Fatalf("the handed-over key reads as %+v, %v; want its user's name and the other policy as custom", got, err)
	}
	if _, err := b.GetKey(ctx, "app/AKIAIOSFODNN7EXAMPLE"); !backend.IsNotFound(err) {
		t.Errorf("a key the user does not hold: %v, want not found", err)
	}
	spec := backend.KeySpec{Name: "app-reader", Limited: true, Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}}
	if _, err := b.UpdateKey(ctx, id, spec); err != nil {
		t.Fatal(err)
	}
	got, err = b.GetKey(ctx, id)
	if err != nil || got.Name != "app-reader" || len(got.Grants) != 1 || got.Grants[0] != spec.Grants[0] {
		t.Fatalf("after the update: %+v, %v", got, err)
	}
	if policies := s.Users()["app"].Policies; len(policies) != 1 {
		t.Errorf("the user's policies after the update: %v, want the key's own alone", policies)
	}
	if err := b.DeleteKey(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Users()["app"]; ok {
		t.Error("the user is left after the delete of its only key")
	}

	twoKeys := makeUser("two-keys", 2)
	if err := b.DeleteKey(ctx, "two-keys/"+twoKeys[0]); err != nil {
		t.Fatal(err)
	}
	u, ok := s.Users()["two-keys"]
	if !ok || len(u.Keys) != 1 || u.Keys[0].ID != twoKeys[1] || len(u.Policies) != 1 {
		t.Errorf("a user with another key after the delete: %+v (kept %v), want it, its other key and its own policy", u, ok)
	}
}

// Credentials without iam:GetAccountAuthorizationDetails (a least-privilege
// policy may leave it out) read each key alone after one refused try, and
// never ask again in the run.
func TestRefreshWithoutTheBulkRight(t *testing.T) {
	s, b := awsFake(t)
	ctx := context.Background()
	const n = 20
	ids := make([]string, n)
	for i := range ids {
		key, err := b.CreateKey(ctx, backend.KeySpec{Name: "app", Limited: true})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = key.ID
	}
	s.Deny("GetAccountAuthorizationDetails")
	s.ResetRequests()
	plan := iam.New(iam.Config{Endpoint: s.URL, Region: "us-east-1", AccessKey: s.AccessKey, SecretKey: s.SecretKey,
		Path: iam.DefaultPath, NamePrefix: iam.DefaultNamePrefix, Service: iam.AWS})
	for _, id := range ids {
		if _, err := plan.GetKey(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	// A limited key with no grant still has the account statement on AWS:
	// GetUser, ListUserPolicies, GetUserPolicy and ListAccessKeys each.
	if requests := s.Requests(); requests["GetAccountAuthorizationDetails"] != 1 || s.TotalRequests() != 1+4*n {
		t.Errorf("refresh of %d keys without the bulk right sent %v, want one refused bulk read and 4 requests a key", n, requests)
	}
}
