package linode_test

import (
	"context"
	"maps"
	"strconv"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// Reads that arrive one at a time, each after the last was answered: page
// 1 of a 10-page list comes back when only 2 reads were seen. The backend
// keeps page 1, reads singly until 9 reads have been seen (the list's
// remaining pages), then loads the rest and serves every later read from
// it. Before, that first answer turned the process to single reads for
// good: 5,000 requests.
func TestListLoadedOnceReadsPayForIt(t *testing.T) {
	s := fake.StartValidated(t)
	ids := s.AddKeys("one-by-one", 5000)
	s.ResetRequests()
	b := newBackend(s)
	for _, id := range ids {
		if _, err := b.GetKey(context.Background(), strconv.Itoa(id)); err != nil {
			t.Fatalf("read %d: %v", id, err)
		}
	}
	// Read 1 goes singly; read 2 fetches page 1 and goes singly, as do
	// reads 3 to 8; read 9 fetches pages 2 to 10.
	want := map[string]int{"GET key": 8, "GET keys": 10}
	if got := s.Requests(); !maps.Equal(got, want) {
		t.Fatalf("requests %v, want %v", got, want)
	}
}

// Terraform's ten readers: page 1's answer is held until ten reads are
// waiting on it, so the list is worth its pages the moment it arrives; the
// refresh costs one single read and the ten pages.
func TestListLoadedWhenReadsWaitOnPageOne(t *testing.T) {
	s := fake.StartValidated(t)
	ids := s.AddKeys("ten-at-a-time", 5000)
	s.ResetRequests()
	b := newBackend(s)
	s.Inject(fake.Fault{Op: "GET keys", During: func() { waitForReads(t, b, 10) }})
	backendtest.ReadLikeTerraform(t, b, keyIDs(ids))
	want := map[string]int{"GET key": 1, "GET keys": 10}
	if got := s.Requests(); !maps.Equal(got, want) {
		t.Fatalf("requests %v, want %v", got, want)
	}
}

// A key deleted while page 1 is kept shifts the next key onto page 1: the
// kept page is stale and must be fetched again, or that key would look
// revoked (and Terraform would drop it from state).
func TestKeptPageOneIsFetchedAgainAfterAWrite(t *testing.T) {
	s := fake.StartValidated(t)
	ids := s.AddKeys("shifting", 2000) // 4 pages
	b := newBackend(s)
	ctx := context.Background()
	for _, id := range ids[1:3] { // read 1 singly; read 2 keeps page 1
		if _, err := b.GetKey(ctx, strconv.Itoa(id)); err != nil {
			t.Fatalf("read %d: %v", id, err)
		}
	}
	if err := b.DeleteKey(ctx, strconv.Itoa(ids[0])); err != nil {
		t.Fatal(err)
	}
	s.ResetRequests()
	// Read 3 loads the list: page 1 again, then pages 2 to 4.
	for _, id := range ids[1:] {
		if _, err := b.GetKey(ctx, strconv.Itoa(id)); err != nil {
			t.Fatalf("read %d after the delete: %v", id, err)
		}
	}
	if got := s.Requests()["GET keys"]; got != 4 {
		t.Fatalf("%d list requests after the delete, want 4 (page 1 fetched again)", got)
	}
}

// waitForReads holds the caller until the backend has counted n reads, for
// at most ten seconds.
func waitForReads(t *testing.T, b *linode.Backend, n int64) {
	deadline := time.Now().Add(10 * time.Second)
	for b.ReadsSoFar() < n {
		if time.Now().After(deadline) {
			t.Errorf("only %d reads arrived while page 1 was held, want %d", b.ReadsSoFar(), n)
			return
		}
		time.Sleep(time.Millisecond)
	}
}
