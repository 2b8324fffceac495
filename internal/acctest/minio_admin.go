package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
)

// Admin is a MinIO admin client for tests: the backend's, with the user
// and policy calls tests make to set a server up. Their paths, query
// parameters and bodies are MinIO's admin API's.
type Admin struct{ *adminapi.Client }

// NewAdmin returns a MinIO admin client acting as user.
func NewAdmin(endpoint, user, password string) (*Admin, error) {
	return newAdmin(adminapi.Config{Endpoint: endpoint, AccessKey: user, SecretKey: password})
}

func newAdmin(cfg adminapi.Config) (*Admin, error) {
	client, err := adminapi.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Admin{client}, nil
}

// AddUser creates an enabled user, or sets an existing one's password.
func (a *Admin) AddUser(ctx context.Context, user, password string) error {
	body, err := json.Marshal(map[string]string{"secretKey": password, "status": "enabled"})
	if err != nil {
		return err
	}
	_, err = a.Call(ctx, adminapi.Request{
		Method: http.MethodPut, Op: "add-user", Query: url.Values{"accessKey": {user}}, Body: body, Sealed: true, MayRepeat: true,
	}, http.StatusOK)
	return err
}

// RemoveUser deletes a user.
func (a *Admin) RemoveUser(ctx context.Context, user string) error {
	_, err := a.Call(ctx, adminapi.Request{
		Method: http.MethodDelete, Op: "remove-user", Query: url.Values{"accessKey": {user}}, MayRepeat: true,
	}, http.StatusOK)
	return err
}

// AttachPolicy attaches named policies to a user.
func (a *Admin) AttachPolicy(ctx context.Context, user string, policies ...string) error {
	body, err := json.Marshal(map[string]any{"policies": policies, "user": user})
	if err != nil {
		return err
	}
	// The answer, sealed, lists what was attached: not needed here.
	_, err = a.Call(ctx, adminapi.Request{
		Method: http.MethodPost, Op: "idp/builtin/policy/attach", Body: body, Sealed: true, MayRepeat: true,
	}, http.StatusOK)
	return err
}

// AddCannedPolicy stores a named policy (sent as it is, not sealed).
func (a *Admin) AddCannedPolicy(ctx context.Context, name string, policy []byte) error {
	_, err := a.Call(ctx, adminapi.Request{
		Method: http.MethodPut, Op: "add-canned-policy", Query: url.Values{"name": {name}}, Body: policy, MayRepeat: true,
	}, http.StatusOK)
	return err
}

// RemoveCannedPolicy deletes a named policy.
func (a *Admin) RemoveCannedPolicy(ctx context.Context, name string) error {
	_, err := a.Call(ctx, adminapi.Request{
		Method: http.MethodDelete, Op: "remove-canned-policy", Query: url.Values{"name": {name}}, MayRepeat: true,
	}, http.StatusOK)
	return err
}

// UserWithPolicies makes user, holding exactly the canned policies named
// and the policies own gives by name (stored first), and removes the user
// and those policies when the test ends. It returns the user's password.
func (a *Admin) UserWithPolicies(t testing.TB, user string, canned []string, own map[string]string) string {
	t.Helper()
	ctx := context.Background()
	password := user + "-password"
	names := slices.Clone(canned)
	for name, policy := range own {
		if err := a.AddCannedPolicy(ctx, name, []byte(policy)); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = a.RemoveCannedPolicy(context.Background(), name) })
		names = append(names, name)
	}
	if err := a.AddUser(ctx, user, password); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.RemoveUser(context.Background(), user) })
	if err := a.AttachPolicy(ctx, user, names...); err != nil && !strings.Contains(err.Error(), "already") {
		t.Fatal(err)
	}
	return password
}

// bucketListingTimeout bounds WaitForBucketListing.
const bucketListingTimeout = 10 * time.Second

// WaitForBucketListing waits, bounded, until MinIO's accountinfo lists
// every one of buckets. MinIO lists buckets there from a cache that a new
// bucket joins about a second after it is made (measured on the pinned
// server: 1.04 s), and the provider's reach warning reads that list.
func (a *Admin) WaitForBucketListing(ctx context.Context, buckets ...string) error {
	deadline := time.Now().Add(bucketListingTimeout)
	for {
		info, err := a.AccountInfo(ctx)
		if err != nil {
			return err
		}
		listed := map[string]bool{}
		for _, b := range info.Buckets {
			listed[b.Name] = true
		}
		missing := slices.DeleteFunc(slices.Clone(buckets), func(b string) bool { return listed[b] })
		if len(missing) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("MinIO's accountinfo does not list buckets %v after %s", missing, bucketListingTimeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
