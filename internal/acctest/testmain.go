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

// WithEmptyCLIConfig runs run with TF_CLI_CONFIG_FILE naming an empty
// file: the tests need no provider installation settings, and without a
// file Terraform warns on every command, and OpenTofu's warning makes
// terraform-plugin-testing fail to read its version.
func WithEmptyCLIConfig(run func() int) int {
	cliConfig, err := os.CreateTemp("", "objectstorage-terraformrc-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	cliConfig.Close()
	defer os.Remove(cliConfig.Name())
	os.Setenv("TF_CLI_CONFIG_FILE", cliConfig.Name())
	return run()
}

// RunAcceptance runs a backend package's tests, its acceptance tests
// among them, with an empty Terraform CLI configuration when TF_ACC is set.
func RunAcceptance(m *testing.M) int {
	if os.Getenv("TF_ACC") == "" {
		return m.Run()
	}
	return WithEmptyCLIConfig(m.Run)
}
