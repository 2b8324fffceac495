package minio_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/minio/madmin-go/v3"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/backendtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
)

// countingTransport counts admin calls by their path's last element.
type countingTransport struct {
	mu    sync.Mutex
	calls map[string]int
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasPrefix(r.URL.Path, "/minio/admin/") {
		c.mu.Lock()
		c.calls[r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]]++
		c.mu.Unlock()
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
func noExportUser(t *testing.T, admin *madmin.AdminClient) (string, string) {
	t.Helper()
	ctx := context.Background()
	const user, password, policyName = "no-export-admin", "no-export-admin-password", "manage-own-service-accounts"
	policy := `{"Version":"2012-10-17","Statement":[
{"Effect":"Allow","Action":["admin:CreateServiceAccount","admin:UpdateServiceAccount","admin:RemoveServiceAccount","admin:ListServiceAccounts"]},
{"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::*"]}]}`
	if err := admin.AddCannedPolicy(ctx, policyName, []byte(policy)); err != nil {
		t.Fatal(err)
	}
	if err := admin.AddUser(ctx, user, password); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AttachPolicy(ctx, madmin.PolicyAssociationReq{Policies: []string{policyName}, User: user}); err != nil && !strings.Contains(err.Error(), "already") {
		t.Fatal(err)
	}
	return user, password
}

// The export path and the per-key path see every out-of-band change the
// same way: renames, removed and widened policies, foreign statements and
// deletions. The root user reads through one export; a user without the
// export right falls back to one read per key.
func TestExportAndPerKeyReadsAgree(t *testing.T) {
	admin := rootAdmin(t)
	ctx := context.Background()
	user, password := noExportUser(t, admin)

	perKeyCalls := &countingTransport{calls: map[string]int{}}
	perKey, err := minio.New(minio.Config{Endpoint: server.Endpoint, User: user, Password: password, Transport: perKeyCalls})
	if err != nil {
		t.Fatal(err)
	}
	grants := []backend.Grant{{Bucket: "agree-a", Permission: backend.ReadOnly}, {Bucket: "agree-b", Permission: backend.ReadWrite}}
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
	ids := map[string]string{}
	for label, spec := range specs {
		k, err := perKey.CreateKey(ctx, spec)
		if err != nil {
			t.Fatalf("create %s: %v", label, err)
		}
		ids[label] = k.ID
		t.Cleanup(func() { _ = admin.DeleteServiceAccount(context.Background(), k.ID) })
	}
	// Behind the backends' backs:
	tamper := map[string]madmin.UpdateServiceAccountReq{
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
	}
	if got := exportCalls.calls; got["export-iam"] != 1 || exportCalls.total() != 1 {
		t.Errorf("export path calls %v: want one export and nothing else", got)
	}
	if n := perKeyCalls.calls["info-service-account"]; n != len(ids) {
		t.Errorf("per-key path made %d info calls for %d keys (%v)", n, len(ids), perKeyCalls.calls)
	}
	// Listing agrees too: the per-key path (ListServiceAccounts and a read of
	// each limited account) against the export.
	listedPerKey, err := perKey.ListKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range listedPerKey {
		viaExport, err := bulk.GetKey(ctx, k.ID)
		if err != nil || fmt.Sprint(viaExport) != fmt.Sprint(k) {
			t.Fatalf("listed %+v, the export has %+v (%v)", k, viaExport, err)
		}
	}
	if len(listedPerKey) != len(ids)-1 {
		t.Fatalf("the per-key list has %d keys, want the %d not deleted", len(listedPerKey), len(ids)-1)
	}

	// What the drift looks like, the same on both paths.
	renamed, _ := bulk.GetKey(ctx, ids["renamed"])
	unlimited, _ := bulk.GetKey(ctx, ids["unlimited"])
	widened, _ := bulk.GetKey(ctx, ids["widened"])
	foreign, _ := bulk.GetKey(ctx, ids["foreign"])
	if renamed.Name != "changed-by-hand" || unlimited.Limited || widened.Grants[0].Permission != backend.Custom ||
		foreign.Grants[0].Bucket != backend.WildcardBucket {
		t.Fatalf("drift not seen: renamed %q, unlimited %v, widened %v, foreign %v", renamed.Name, unlimited.Limited, widened.Grants, foreign.Grants)
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
