package acctest

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// ProbeObject is the object every probed bucket holds, with content
// ProbeContent(bucket).
const ProbeObject = "hello.txt"

// ProbeContent is what ProbeObject holds in a bucket.
func ProbeContent(bucket string) string { return "hello from " + bucket }

// Access is what a key may do on one bucket, as proven with S3 calls.
type Access struct {
	Read, List, Write bool
}

// What a permission should allow, per permissions.md.
var (
	NoAccess  = Access{}
	ReadOnly  = Access{Read: true, List: true}
	ReadWrite = Access{Read: true, List: true, Write: true}
)

func (a Access) String() string {
	return fmt.Sprintf("read=%v list=%v write=%v", a.Read, a.List, a.Write)
}

// Probe tries to read ProbeObject, list and write a bucket as the client's
// key. Only "access denied" counts as no; any other failure is an error.
func (s *S3) Probe(ctx context.Context, bucket string) (Access, error) {
	var a Access
	content, err := s.Read(ctx, bucket, ProbeObject)
	switch {
	case err == nil:
		a.Read = content == ProbeContent(bucket)
	case !IsAccessDenied(err):
		return a, fmt.Errorf("read %s: %w", bucket, err)
	}
	_, err = s.List(ctx, bucket)
	switch {
	case err == nil:
		a.List = true
	case !IsAccessDenied(err):
		return a, fmt.Errorf("list %s: %w", bucket, err)
	}
	err = s.Write(ctx, bucket, "written-by-key.txt", "x")
	switch {
	case err == nil:
		a.Write = true
	case !IsAccessDenied(err):
		return a, fmt.Errorf("write %s: %w", bucket, err)
	}
	return a, nil
}

// ProbeUntil probes a bucket as a key until it reaches want or 10 s have
// passed (a server may take a moment to enforce a new policy), and returns
// the last access seen.
func ProbeUntil(ctx context.Context, t *testing.T, key *S3, bucket string, want Access) Access {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := key.Probe(ctx, bucket)
		if err == nil && got == want || time.Now().After(deadline) {
			if err != nil {
				t.Errorf("probe %s: %v", bucket, err)
			}
			return got
		}
		time.Sleep(200 * time.Millisecond)
	}
}
