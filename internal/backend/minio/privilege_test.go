package minio_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// backendAs is the backend acting as user, its admin calls counted.
func backendAs(t *testing.T, user, password string, calls *countingTransport) *minio.Backend {
	t.Helper()
	b, err := minio.New(minio.Config{Endpoint: server.Endpoint, User: user, Password: password, Transport: calls})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// probeBucket makes a bucket with the probe object, as the root user.
func probeBucket(t *testing.T, bucket string) {
	t.Helper()
	root, err := server.S3(server.User, server.Password)
	if err != nil {
		t.Fatal(err)
	}
	if err := root.MakeBucket(context.Background(), bucket, acctest.ProbeObject, acctest.ProbeContent(bucket)); err != nil {
		t.Fatal(err)
	}
}

// updateRight lets a user change service accounts, which MinIO does not
// let a user do to its own without it.
const updateRight = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["admin:UpdateServiceAccount"]}]}`

// A user with the readwrite canned policy alone, no admin action at all,
// makes, reads and revokes its own keys; changing one in place also needs
// admin:UpdateServiceAccount, and without it the error names that right
// and the setting. Reads go one key per call: MinIO refuses such a user
// the IAM export.
func TestLeastPrivilege(t *testing.T) {
	t.Parallel()
	admin := rootAdmin(t)
	ctx := context.Background()
	probeBucket(t, "lp-logs")
	user := "lp-readwrite"
	password := admin.UserWithPolicies(t, user, []string{"readwrite"}, nil)
	calls := &countingTransport{calls: map[string]int{}}
	keys := backend.Open(backendAs(t, user, password, calls))

	spec := backend.KeySpec{Name: backendtest.UniqueName(t, "lp"), Limited: true,
		Grants: []backend.Grant{{Bucket: "lp-logs", Permission: backend.ReadOnly}}}
	key, err := keys.CreateKey(ctx, spec)
	if err != nil {
		t.Fatalf("create as a readwrite-only user: %v", err)
	}
	s3, err := server.S3(key.AccessKey, key.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	if got := acctest.ProbeUntil(ctx, t, s3, "lp-logs", acctest.ReadOnly); got != acctest.ReadOnly {
		t.Fatalf("the key reaches lp-logs with %v, want %v", got, acctest.ReadOnly)
	}

	readCalls := &countingTransport{calls: map[string]int{}}
	got, err := backend.Open(backendAs(t, user, password, readCalls)).GetKey(ctx, key.ID)
	if err != nil || got.Name != spec.Name || len(got.Grants) != 1 {
		t.Fatalf("read as a readwrite-only user: %+v, %v", got, err)
	}
	if want := map[string]int{"export-iam": 1, "info-service-account": 1}; !maps.Equal(readCalls.calls, want) {
		t.Fatalf("a read as a readwrite-only user made the admin calls %v, want %v", readCalls.calls, want)
	}

	spec.Grants = []backend.Grant{{Bucket: "lp-logs", Permission: backend.ReadWrite}}
	_, err = keys.UpdateKey(ctx, key.ID, spec)
	if err == nil || !strings.Contains(err.Error(), "admin:UpdateServiceAccount") || !strings.Contains(err.Error(), "minio.user") {
		t.Fatalf("an update as a readwrite-only user: %v, want an error naming admin:UpdateServiceAccount and minio.user", err)
	}

	withUpdate := "lp-readwrite-update"
	password2 := admin.UserWithPolicies(t, withUpdate, []string{"readwrite"}, map[string]string{"lp-update": updateRight})
	updater := backend.Open(backendAs(t, withUpdate, password2, &countingTransport{calls: map[string]int{}}))
	key2, err := updater.CreateKey(ctx, backend.KeySpec{Name: spec.Name + "-2", Limited: true, Grants: []backend.Grant{{Bucket: "lp-logs", Permission: backend.ReadOnly}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = admin.DeleteServiceAccount(context.Background(), key2.ID) })
	if _, err := updater.UpdateKey(ctx, key2.ID, backend.KeySpec{Name: spec.Name + "-2", Limited: true, Grants: spec.Grants}); err != nil {
		t.Fatalf("an update as a user with readwrite and admin:UpdateServiceAccount: %v", err)
	}
	s3two, err := server.S3(key2.AccessKey, key2.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	if got := acctest.ProbeUntil(ctx, t, s3two, "lp-logs", acctest.ReadWrite); got != acctest.ReadWrite {
		t.Fatalf("after the update the key reaches lp-logs with %v, want %v", got, acctest.ReadWrite)
	}

	if err := keys.DeleteKey(ctx, key.ID); err != nil {
		t.Fatalf("delete as a readwrite-only user: %v", err)
	}
	if _, err := admin.InfoServiceAccount(ctx, key.ID); err == nil {
		t.Fatal("the key is still there after its delete")
	}
	t.Logf("admin calls as the readwrite-only user: %v", calls.calls)
}

// A refresh of 200 keys costs one admin call where the user may export
// IAM, and one per key (after the refused export) where it may not.
func TestRefreshCallsWithAndWithoutExport(t *testing.T) {
	t.Parallel()
	admin := rootAdmin(t)
	ctx := context.Background()
	user := "lp-exporter"
	password := admin.UserWithPolicies(t, user, []string{"readwrite"},
		map[string]string{"lp-export": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["admin:ExportIAM"]}]}`})
	maker := backend.Open(backendAs(t, user, password, &countingTransport{calls: map[string]int{}}))
	const n = 200
	ids := make([]string, 0, n)
	for i := range n {
		k, err := maker.CreateKey(ctx, backend.KeySpec{Name: fmt.Sprintf("%s-%d", backendtest.UniqueName(t, "many"), i), Limited: true,
			Grants: []backend.Grant{{Bucket: "lp-many", Permission: backend.ReadOnly}}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, k.ID)
		t.Cleanup(func() { _ = admin.DeleteServiceAccount(context.Background(), k.ID) })
	}
	for _, tc := range []struct {
		name  string
		deny  bool
		calls map[string]int
	}{
		{"with admin:ExportIAM", false, map[string]int{"export-iam": 1}},
		{"without", true, map[string]int{"export-iam": 1, "info-service-account": n}},
	} {
		calls := &countingTransport{calls: map[string]int{}, denyExport: tc.deny}
		backendtest.ReadLikeTerraform(t, backendAs(t, user, password, calls), ids)
		if !maps.Equal(calls.calls, tc.calls) {
			t.Errorf("%s: a refresh of %d keys made the admin calls %v, want %v", tc.name, n, calls.calls, tc.calls)
		}
		t.Logf("%s: a refresh of %d keys: %v", tc.name, n, calls.calls)
	}
}

// A key gets at most its user's rights: granted a bucket its user cannot
// reach, MinIO makes it, and it reaches nothing there.
func TestKeyGetsNoMoreThanItsUser(t *testing.T) {
	t.Parallel()
	admin := rootAdmin(t)
	ctx := context.Background()
	probeBucket(t, "lp-mine")
	probeBucket(t, "lp-theirs")
	if err := admin.WaitForBucketListing(ctx, "lp-mine", "lp-theirs"); err != nil {
		t.Fatal(err)
	}
	user := "lp-one-bucket"
	password := admin.UserWithPolicies(t, user, nil, map[string]string{"lp-one-bucket": `{"Version":"2012-10-17","Statement":[
{"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::lp-mine","arn:aws:s3:::lp-mine/*"]}]}`})
	keys := backend.Open(backendAs(t, user, password, &countingTransport{calls: map[string]int{}}))
	key, err := keys.CreateKey(ctx, backend.KeySpec{Name: backendtest.UniqueName(t, "beyond"), Limited: true, Grants: []backend.Grant{
		{Bucket: "lp-mine", Permission: backend.ReadWrite}, {Bucket: "lp-theirs", Permission: backend.ReadWrite},
	}})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	t.Cleanup(func() { _ = admin.DeleteServiceAccount(context.Background(), key.ID) })
	s3, err := server.S3(key.AccessKey, key.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	if got := acctest.ProbeUntil(ctx, t, s3, "lp-mine", acctest.ReadWrite); got != acctest.ReadWrite {
		t.Fatalf("lp-mine: %v, want %v", got, acctest.ReadWrite)
	}
	if got, err := s3.Probe(ctx, "lp-theirs"); err != nil || got != acctest.NoAccess {
		t.Fatalf("lp-theirs, beyond the user: %v (%v), want %v", got, err, acctest.NoAccess)
	}
	// The plan can tell, from what MinIO says the user reaches.
	shortfalls := keys.BeyondReach(ctx, key.Grants)
	if len(shortfalls) != 1 || shortfalls[0].Grant.Bucket != "lp-theirs" || !strings.Contains(shortfalls[0].Detail, `"lp-one-bucket"`) {
		t.Fatalf("BeyondReach: %+v, want one shortfall, on lp-theirs, naming the user", shortfalls)
	}
}

// A user whose policy covers every bucket reaches every grant, of buckets
// not made yet too: no shortfall.
func TestReadwriteUserReachesEveryGrant(t *testing.T) {
	t.Parallel()
	admin := rootAdmin(t)
	user := "lp-reach-all"
	password := admin.UserWithPolicies(t, user, []string{"readwrite"}, nil)
	keys := backend.Open(backendAs(t, user, password, &countingTransport{calls: map[string]int{}}))
	grants := []backend.Grant{{Bucket: "lp-not-made-yet", Permission: backend.ReadWrite}, {Bucket: "lp-other", Permission: backend.ReadOnly}}
	if got := keys.BeyondReach(context.Background(), grants); len(got) != 0 {
		t.Fatalf("BeyondReach for a readwrite user: %+v, want none", got)
	}
}
