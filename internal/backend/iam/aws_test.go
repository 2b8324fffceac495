package iam_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/backendtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam/fake"
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
		return harness{b}
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
		return harness{iam.New(iam.Config{
			Region: "us-east-1", Profile: os.Getenv("AWS_PROFILE"),
			Path: "/objectstorage-test/", NamePrefix: "ostest-", Service: iam.AWS,
		})}
	})
}
