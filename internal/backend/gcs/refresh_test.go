package gcs_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/gcstest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// A refresh reads the HMAC keys and the accounts as lists, and each
// bucket's policy once, whatever the number of keys: one key costs its
// HMAC key, its account, the bucket list and the ten policies; 200 keys
// add the two lists (three pages of at most 100 each) and nothing per key. Asserted for 1
// and 200 keys over 10 buckets, with another's account and key beside.
func TestRefreshRequests(t *testing.T) {
	const buckets = 10
	for _, tc := range []struct{ keys, refresh, list int }{{1, 2 + 1 + buckets, 1 + 1 + 1 + buckets}, {200, 2 + 3 + 3 + 1 + buckets, 3 + 3 + 1 + buckets}} {
		t.Run(fmt.Sprintf("%d keys", tc.keys), func(t *testing.T) {
			s := fake.StartValidated(t)
			for i := range buckets {
				s.AddBucket(fmt.Sprintf("bucket-%d", i))
			}
			b := gcs.New(gcstest.Config(s))
			ids := make([]string, tc.keys)
			for i := range tc.keys {
				k, err := backend.Open(b).CreateKey(context.Background(), backend.KeySpec{Name: fmt.Sprintf("k-%d", i), Limited: true,
					Grants: []backend.Grant{{Bucket: fmt.Sprintf("bucket-%d", i%buckets), Permission: backend.ReadOnly}}})
				if err != nil {
					t.Fatal(err)
				}
				ids[i] = k.ID
			}
			s.AddHMACKey(s.AddAccount("someone-else", "a colleague's account", ""))
			s.ResetRequests()
			backendtest.ReadLikeTerraform(t, gcs.New(gcstest.Config(s)), ids)
			if got := s.TotalRequests(); got > tc.refresh {
				t.Errorf("a refresh of %d keys took %d requests, want at most %d: %v", tc.keys, got, tc.refresh, s.Requests())
			}
			t.Logf("refresh of %d keys: %d requests %v", tc.keys, s.TotalRequests(), s.Requests())
			s.ResetRequests()
			got, err := gcs.New(gcstest.Config(s)).ListKeys(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.keys {
				t.Errorf("listed %d keys, want %d", len(got), tc.keys)
			}
			if r := s.TotalRequests(); r > tc.list {
				t.Errorf("a list took %d requests, want at most %d: %v", r, tc.list, s.Requests())
			}
		})
	}
}

// Requests of each operation on one key with one grant, in a project of
// ten buckets, in a process that has read nothing before.
func TestRequestsPerOperation(t *testing.T) {
	s := fake.StartValidated(t)
	for i := range 10 {
		s.AddBucket(fmt.Sprintf("bucket-%d", i))
	}
	spec := backend.KeySpec{Name: "app", Limited: true, Grants: []backend.Grant{{Bucket: "bucket-1", Permission: backend.ReadOnly}}}
	k, err := backend.Open(gcs.New(gcstest.Config(s))).CreateKey(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	count := func(what string, want int, do func(*gcs.Backend) error) {
		t.Helper()
		s.ResetRequests()
		if err := do(gcs.New(gcstest.Config(s))); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		t.Logf("%s: %d requests %v", what, s.TotalRequests(), s.Requests())
		if got := s.TotalRequests(); got != want {
			t.Errorf("%s took %d requests, want %d: %v", what, got, want, s.Requests())
		}
	}
	count("create", 5, func(b *gcs.Backend) error {
		_, err := b.CreateKey(context.Background(), spec)
		return err
	})
	count("read", 13, func(b *gcs.Backend) error { _, err := b.GetKey(context.Background(), k.ID); return err })
	spec.Name, spec.Grants = "renamed", []backend.Grant{{Bucket: "bucket-2", Permission: backend.ReadWrite}}
	count("rename and regrant", 16, func(b *gcs.Backend) error { _, err := b.UpdateKey(context.Background(), k.ID, spec); return err })
	count("delete", 17, func(b *gcs.Backend) error { return b.DeleteKey(context.Background(), k.ID) })
}
