package acctest

import (
	"context"
	"fmt"
	"os"
	"testing"
)

// RunWithServer runs a package's tests (from its TestMain) with a server
// that start starts when TF_ACC is set, as make test sets it; *server
// holds it until the tests end and it stops. Without TF_ACC *server stays
// nil, and the tests that need it skip.
func RunWithServer[S interface{ Stop() }](m *testing.M, server *S, start func(context.Context) (S, error)) int {
	if os.Getenv("TF_ACC") != "" {
		s, err := start(context.Background())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		*server = s
		defer s.Stop()
	}
	return m.Run()
}
