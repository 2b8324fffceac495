package minio_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// countingTransport counts admin calls by their path's last element. With
// denyExport it answers every IAM export as MinIO answers an admin user
// without the admin:ExportIAM right, so that a backend behind it reads one
// service account per call.
type countingTransport struct {
	mu         sync.Mutex
	calls      map[string]int
	denyExport bool
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasPrefix(r.URL.Path, "/minio/admin/") {
		c.mu.Lock()
		c.calls[r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]]++
		c.mu.Unlock()
	}
	if c.denyExport && strings.HasSuffix(r.URL.Path, "/export-iam") {
		body := `{"Code":"AccessDenied","Message":"Access Denied.","Resource":"` + r.URL.Path + `","RequestId":"","HostId":""}`
		return &http.Response{StatusCode: http.StatusForbidden, Status: "403 Forbidden", Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (c *countingTransport) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.calls {
		n += v
	}
	return n
}

// noExportUser is an admin user that may manage its service accounts but
// not export IAM.
func noExportUser(t *testing.T, admin *acctest.Admin) (string, string) {
	t.Helper()
	const user = "no-export-admin"
	return user, admin.UserWithPolicies(t, user, nil, map[string]string{"manage-own-service-accounts": `{"Version":"2012-10-17","Statement":[
{"Effect":"Allow","Action":["admin:CreateServiceAccount","admin:UpdateServiceAccount","admin:RemoveServiceAccount","admin:ListServiceAccounts"]},
{"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::*"]}]}`})
}

// minioProviderNoPolicy is the policy the MinIO Terraform provider
// (aminueza/minio v3, processServiceAccountPolicy) sends for a service
// account configured without one, byte for byte.
const minioProviderNoPolicy = "{\n\"Version\": \"\",\n\"Statement\": null\n}"

// The export path and the per-key path read every service account the
// same way, whichever client wrote its policy and however it was changed
// since: the policies other clients send at creation (the MinIO provider's
// "no policy", `{}`, `null`, none at all, a version without statements, a
// Deny, a condition), this backend's own, and out-of-band renames, removed
// and widened policies and deletions. And each reading is what MinIO
// enforces: a key read as unrestricted writes a bucket with S3, one read as
// limited to nothing reaches none. Both backends are the root user's; the
// per-key one is refused the export, as a user without the right is.
func TestExportAndPerKeyReadsAgree(t *testing.T) {
	admin := rootAdmin(t)
	ctx := context.Background()
	bucket := "agree-probe"
	root, err := server.S3(server.User, server.Password)
	if err != nil {
		t.Fatal(err)
	}
	if err := root.MakeBucket(ctx, bucket, acctest.ProbeObject, acctest.ProbeContent(bucket)); err != nil {
		t.Fatal(err)
	}

	perKeyCalls := &countingTransport{calls: map[string]int{}, denyExport: true}
	perKey, err := minio.New(minio.Config{Endpoint: server.Endpoint, User: server.User, Password: server.Password, Transport: perKeyCalls})
	if err != nil {
		t.Fatal(err)
	}
	grants := []backend.Grant{{Bucket: "agree-a", Permission: backend.ReadOnly}, {Bucket: bucket, Permission: backend.ReadWrite}}
	specs := map[string]backend.KeySpec{
		"open":      {Name: backendtest.UniqueName(t, "open")},
		"scoped":    {Name: backendtest.UniqueName(t, "scoped"), Limited: true, Grants: grants},
		"none":      {Name: backendtest.UniqueName(t, "none"), Limited: true},
		"renamed":   {Name: backendtest.UniqueName(t, "renamed"), Limited: true, Grants: grants},
		"unlimited": {Name: backendtest.UniqueName(t, "unlimited"), Limited: true, Grants: grants},
		"widened":   {Name: backendtest.UniqueName(t, "widened"), Limited: true, Grants: grants},
		"foreign":   {Name: backendtest.UniqueName(t, "foreign"), Limited: true, Grants: grants},
		"deleted":   {Name: backendtest.UniqueName(t, "deleted")},
	}
	ids, secrets := map[string]string{}, map[string]string{}
	for label, spec := range specs {
		k, err := perKey.CreateKey(ctx, spec)
		if err != nil {
			t.Fatalf("create %s: %v", label, err)
		}
		ids[label], secrets[label] = k.ID, k.SecretKey
		t.Cleanup(func() { _ = admin.DeleteServiceAccount(context.Background(), k.ID) })
	}
	// Made by other clients, with the policy each sends at creation.
	made := map[string][]byte{
		"minio-provider":   []byte(minioProviderNoPolicy),
		"empty-object":     []byte(`{}`),
		"json-null":        []byte(`null`),
		"no-policy":        nil,
		"no-statement":     []byte(`{"Version":"2012-10-17","Statement":[]}`),
		"deny":             []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:*"],"Resource":["arn:aws:s3:::*"]}]}`),
		"condition":        []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::agree-a/*"],"Condition":{"IpAddress":{"aws:SourceIp":["127.0.0.1/32"]}}}]}`),
		"resource-pattern": []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::logs-*/*"]}]}`),
	}
	for label, policy := range made {
		creds, err := admin.AddServiceAccount(ctx, adminapi.AddServiceAccount{TargetUser: server.User, Name: backendtest.UniqueName(t, label), Policy: policy})
		if err != nil {
			t.Fatalf("create %s as another client would: %v", label, err)
		}
		ids[label], secrets[label] = creds.AccessKey, creds.SecretKey
		t.Cleanup(func() { _ = admin.DeleteServiceAccount(context.Background(), creds.AccessKey) })
	}
	// Behind the backends' backs:
	tamper := map[string]adminapi.UpdateServiceAccount{
		"renamed":   {NewName: "changed-by-hand", NewPolicy: []byte(mustPolicy(t, perKey, ids["renamed"]))},
		"unlimited": {NewPolicy: []byte(`{}`)},
		"widened":   {NewPolicy: []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::agree-a","arn:aws:s3:::agree-a/*"]}]}`)},
		"foreign":   {NewPolicy: []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:*"],"Resource":["arn:aws:s3:::*"]}]}`)},
	}
	for label, req := range tamper {
		if err := admin.UpdateServiceAccount(ctx, ids[label], req); err != nil {
			t.Fatalf("tamper with %s: %v", label, err)
		}
	}
	if err := admin.DeleteServiceAccount(ctx, ids["deleted"]); err != nil {
		t.Fatal(err)
	}

	exportCalls := &countingTransport{calls: map[string]int{}}
	bulk, err := minio.New(minio.Config{Endpoint: server.Endpoint, User: server.User, Password: server.Password, Transport: exportCalls})
	if err != nil {
		t.Fatal(err)
	}
	perKeyCalls.calls = map[string]int{}
	labels := make([]string, 0, len(ids))
	for label := range ids {
		labels = append(labels, label)
	}
	slices.Sort(labels)
	read := map[string]backend.Key{}
	for _, label := range labels {
		viaExport, errExport := bulk.GetKey(ctx, ids[label])
		viaInfo, errInfo := perKey.GetKey(ctx, ids[label])
		if backend.IsNotFound(errExport) != backend.IsNotFound(errInfo) || (errExport == nil) != (errInfo == nil) {
			t.Fatalf("%s: the paths disagree on existence: export %v, per key %v", label, errExport, errInfo)
		}
		if label == "deleted" {
			if !backend.IsNotFound(errExport) {
				t.Fatalf("deleted key: want not found, got %v", errExport)
			}
			continue
		}
		if errExport != nil {
			t.Fatalf("%s: %v", label, errExport)
		}
		if fmt.Sprint(viaExport) != fmt.Sprint(viaInfo) {
			t.Fatalf("%s: export path %+v, per-key path %+v", label, viaExport, viaInfo)
		}
		read[label] = viaExport
		t.Logf("%-16s limited=%-5v grants=%v", label, viaExport.Limited, viaExport.Grants)
	}
	// The one key the export lacks, the deleted one, is read once more on
	// its own before it counts as gone: a cluster's node may not know a
	// key yet.
	if got := exportCalls.calls; got["export-iam"] != 1 || got["info-service-account"] != 1 || exportCalls.total() != 2 {
		t.Errorf("export path calls %v: want one export and one info, of the deleted key", got)
	}
	if n := perKeyCalls.calls["info-service-account"]; n != len(ids) {
		t.Errorf("per-key path made %d info calls for %d keys (%v)", n, len(ids), perKeyCalls.calls)
	}

	// What each reading means, and what MinIO enforces for it.
	for _, label := range []string{"open", "minio-provider", "empty-object", "json-null", "no-policy", "unlimited"} {
		if read[label].Limited {
			t.Errorf("%s: read as limited (%v); MinIO gives it its parent's policy", label, read[label].Grants)
		}
		checkAccess(t, label, ids[label], secrets[label], bucket, acctest.ReadWrite)
	}
	for _, label := range []string{"no-statement", "deny", "condition", "resource-pattern", "foreign"} {
		if k := read[label]; !k.Limited || !slices.Contains(k.Grants, backend.Grant{Bucket: backend.WildcardBucket, Permission: backend.Custom}) {
			t.Errorf("%s: read as %+v, want a limited key with a custom grant", label, k)
		}
	}
	checkAccess(t, "no-statement", ids["no-statement"], secrets["no-statement"], bucket, acctest.NoAccess)
	checkAccess(t, "scoped", ids["scoped"], secrets["scoped"], bucket, acctest.ReadWrite)
	if k := read["none"]; !k.Limited || len(k.Grants) != 0 {
		t.Errorf("none: read as %+v, want limited to no bucket", k)
	}
	checkAccess(t, "none", ids["none"], secrets["none"], bucket, acctest.NoAccess)
	if renamed, widened := read["renamed"], read["widened"]; renamed.Name != "changed-by-hand" || widened.Grants[0].Permission != backend.Custom {
		t.Fatalf("drift not seen: renamed %q, widened %v", renamed.Name, widened.Grants)
	}

	// Listing agrees too: the per-key path (ListServiceAccounts and a read of
	// each limited account) against the export.
	listedPerKey, err := perKey.ListKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	listed := 0
	for _, k := range listedPerKey {
		if _, ours := read[labelOf(ids, k.ID)]; !ours {
			continue // another test's key
		}
		listed++
		viaExport, err := bulk.GetKey(ctx, k.ID)
		if err != nil || fmt.Sprint(viaExport) != fmt.Sprint(k) {
			t.Fatalf("listed %+v, the export has %+v (%v)", k, viaExport, err)
		}
	}
	if listed != len(read) {
		t.Fatalf("the per-key list has %d of this test's keys, want the %d not deleted", listed, len(read))
	}
}

func labelOf(ids map[string]string, id string) string {
	for label, v := range ids {
		if v == id {
			return label
		}
	}
	return ""
}

// checkAccess proves with S3 what a key may do on bucket.
func checkAccess(t *testing.T, label, accessKey, secret, bucket string, want acctest.Access) {
	t.Helper()
	s3, err := server.S3(accessKey, secret)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s3.Probe(context.Background(), bucket)
	if err != nil || got != want {
		t.Errorf("%s on %s: %v (%v), want %v", label, bucket, got, err, want)
	}
}

// A service account of another MinIO user is refused on both read paths,
// naming its owner, and left out of lists: the provider never adopts a key
// it cannot prove is its own user's.
func TestAnotherUsersKeyIsRefused(t *testing.T) {
	admin := rootAdmin(t)
	ctx := context.Background()
	user, password := noExportUser(t, admin)
	other, err := minio.New(minio.Config{Endpoint: server.Endpoint, User: user, Password: password})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := other.CreateKey(ctx, backend.KeySpec{Name: backendtest.UniqueName(t, "theirs")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = admin.DeleteServiceAccount(context.Background(), theirs.ID) })
	rootsKey, err := admin.AddServiceAccount(ctx, adminapi.AddServiceAccount{TargetUser: server.User, Name: backendtest.UniqueName(t, "roots")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = admin.DeleteServiceAccount(context.Background(), rootsKey.AccessKey) })

	viaExport, err := minio.New(minio.Config{Endpoint: server.Endpoint, User: server.User, Password: server.Password})
	if err != nil {
		t.Fatal(err)
	}
	viaInfo, err := minio.New(minio.Config{Endpoint: server.Endpoint, User: server.User, Password: server.Password,
		Transport: &countingTransport{calls: map[string]int{}, denyExport: true}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path      string
		b         *minio.Backend
		id, owner string
	}{
		{"the root's export", viaExport, theirs.ID, user},
		{"the root's per-key reads", viaInfo, theirs.ID, user},
		{"the other user's per-key reads", other, rootsKey.AccessKey, server.User},
	} {
		_, err := tc.b.GetKey(ctx, tc.id)
		var notOurs *backend.NotOursError
		if !errors.As(err, &notOurs) || !strings.Contains(err.Error(), fmt.Sprintf("MinIO user %q", tc.owner)) {
			t.Errorf("%s read another user's key: %v, want a NotOursError naming %q", tc.path, err, tc.owner)
			continue
		}
		t.Logf("%s: %v", tc.path, err)
	}
	listed, err := viaExport.ListKeys(ctx)
	if err != nil || slices.ContainsFunc(listed, func(k backend.Key) bool { return k.ID == theirs.ID }) {
		t.Fatalf("the root's list holds the other user's key (%v)", err)
	}
}

// mustPolicy returns a key's current embedded policy, to resend it with a
// rename (MinIO drops a policy an update does not carry).
func mustPolicy(t *testing.T, _ *minio.Backend, id string) string {
	t.Helper()
	info, err := rootAdmin(t).InfoServiceAccount(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return info.Policy
}

// failingExport answers every IAM export with a 500 without a body, as
// MinIO was once seen to under load, and passes every other call on.
type failingExport struct{ exports atomic.Int32 }

func (f *failingExport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/export-iam") {
		f.exports.Add(1)
		return &http.Response{StatusCode: http.StatusInternalServerError, Status: "500 Internal Server Error",
			Header: http.Header{}, Body: io.NopCloser(strings.NewReader("")), Request: r}, nil
	}
	return http.DefaultTransport.RoundTrip(r)
}

// A failed IAM export does not fail a read or a list that per-key calls
// can serve.
func TestFailedExportFallsBackToPerKeyReads(t *testing.T) {
	exports := &failingExport{}
	if server == nil {
		t.Skip("needs a MinIO server: set TF_ACC=1 (make test does)")
	}
	b, err := minio.New(minio.Config{Endpoint: server.Endpoint, User: server.User, Password: server.Password, Transport: exports})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	spec := backend.KeySpec{Name: backendtest.UniqueName(t, "fallback"), Limited: true, Grants: []backend.Grant{{Bucket: "fallback", Permission: backend.ReadOnly}}}
	key, err := b.CreateKey(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.DeleteKey(context.Background(), key.ID) })
	for range 2 { // the second read goes to the export first
		got, err := b.GetKey(ctx, key.ID)
		if err != nil || got.Name != spec.Name || len(got.Grants) != 1 {
			t.Fatalf("read: %+v, %v", got.Grants, err)
		}
	}
	keys, err := b.ListKeys(ctx)
	if err != nil || !slices.ContainsFunc(keys, func(k backend.Key) bool { return k.ID == key.ID }) {
		t.Fatalf("list: %d keys, %v", len(keys), err)
	}
	if exports.exports.Load() == 0 {
		t.Fatal("no export was tried, so the fallback was not exercised")
	}
}
