// Command demo runs the quickstart end to end: it starts a MinIO server on
// loopback, makes two buckets, applies examples/quickstart with the locally
// built provider, shows with S3 calls what each key can and cannot do,
// destroys the keys, shows they no longer work, and stops the server.
// `make demo` builds what it needs and runs it.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
)

var buckets = []string{"app-data", "reports"}

func main() {
	providerDir := flag.String("provider-dir", ".bin", "directory holding the built terraform-provider-objectstorage")
	quickstart := flag.String("quickstart", "examples/quickstart", "the configuration to apply")
	workDir := flag.String("work-dir", ".demo", "scratch directory, removed at the end")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *providerDir, *quickstart, *workDir); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, providerDir, quickstart, workDir string) error {
	providerDir, err := filepath.Abs(providerDir)
	if err != nil {
		return err
	}
	// terraform runs in the quickstart's copy: every path it reads is absolute.
	if workDir, err = filepath.Abs(workDir); err != nil {
		return err
	}
	step("Starting MinIO on loopback")
	server, err := acctest.StartMinIO(ctx)
	if err != nil {
		return err
	}
	defer func() {
		server.Stop()
		step("Stopped MinIO and removed its data")
	}()
	fmt.Printf("MinIO listens on %s\n", server.Endpoint)

	admin, err := acctest.NewS3(server.Endpoint, server.User, server.Password)
	if err != nil {
		return err
	}
	for _, b := range buckets {
		if err := admin.MakeBucket(ctx, b, acctest.ProbeObject, acctest.ProbeContent(b)); err != nil {
			return err
		}
	}
	fmt.Printf("Made buckets %s, each holding %s\n", strings.Join(buckets, " and "), acctest.ProbeObject)

	tf, err := newTerraform(providerDir, quickstart, workDir, server.Env())
	if err != nil {
		return err
	}
	defer os.RemoveAll(workDir)

	step("terraform apply " + quickstart)
	tf.SetStdout(os.Stdout)
	tf.SetStderr(os.Stderr)
	if err := tf.Apply(ctx); err != nil {
		return err
	}
	tf.SetStdout(io.Discard)
	keys, err := keys(ctx, tf)
	if err != nil {
		return err
	}

	step("What each key can do, checked with S3 calls as that key")
	if err := printAccess(ctx, server.Endpoint, keys); err != nil {
		return err
	}

	step("terraform destroy")
	var out bytes.Buffer
	tf.SetStdout(&out)
	tf.SetStderr(&out)
	if err := lastLine(&out, tf.Destroy(ctx)); err != nil {
		return err
	}
	step("After destroy")
	for _, name := range sortedNames(keys) {
		s3, err := acctest.NewS3(server.Endpoint, keys[name].AccessKey, keys[name].SecretKey)
		if err != nil {
			return err
		}
		_, err = s3.ListBuckets(ctx)
		fmt.Printf("%-12s revoked: %s\n", name, yesNo(acctest.IsUnknownKey(err)))
	}
	return nil
}

type credentials struct {
	AccessKey string `json:"access_key"`
	SecretKey string `json:"secret_key"`
}

func printAccess(ctx context.Context, endpoint string, keys map[string]credentials) error {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "KEY\tBUCKET\tREAD\tLIST\tWRITE")
	for _, name := range sortedNames(keys) {
		s3, err := acctest.NewS3(endpoint, keys[name].AccessKey, keys[name].SecretKey)
		if err != nil {
			return err
		}
		for _, b := range buckets {
			a, err := s3.Probe(ctx, b)
			if err != nil {
				return fmt.Errorf("key %s: %w", name, err)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", name, b, yesNo(a.Read), yesNo(a.List), yesNo(a.Write))
		}
	}
	return w.Flush()
}

// newTerraform copies the quickstart into workDir and returns a terraform
// CLI (terraform-exec) on the copy, with a dev override that points at the
// locally built provider: no registry needed.
func newTerraform(providerDir, quickstart, workDir string, serverEnv map[string]string) (*tfexec.Terraform, error) {
	dir := filepath.Join(workDir, "quickstart")
	if err := os.RemoveAll(workDir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(quickstart, "*.tf"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no .tf files in %s", quickstart)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			return nil, err
		}
	}
	cliConfig := filepath.Join(workDir, "terraformrc")
	override := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/objectstorage-keys/objectstorage" = %q
  }
  direct {}
}
`, providerDir)
	if err := os.WriteFile(cliConfig, []byte(override), 0o644); err != nil {
		return nil, err
	}
	env := maps.Clone(serverEnv)
	env["TF_CLI_CONFIG_FILE"] = cliConfig
	return acctest.NewTerraformExec(dir, env)
}

// lastLine prints the last line a command wrote, or all of it when the
// command failed.
func lastLine(out *bytes.Buffer, err error) error {
	if err != nil {
		os.Stderr.Write(out.Bytes())
		return err
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	fmt.Println(lines[len(lines)-1])
	return nil
}

// keys reads the quickstart's sensitive output without printing it.
func keys(ctx context.Context, tf *tfexec.Terraform) (map[string]credentials, error) {
	outputs, err := tf.Output(ctx)
	if err != nil {
		return nil, fmt.Errorf("terraform output: %w", err)
	}
	var keys map[string]credentials
	if err := json.Unmarshal(outputs["keys"].Value, &keys); err != nil {
		return nil, fmt.Errorf("read the keys output: %w", err)
	}
	return keys, nil
}

func sortedNames(keys map[string]credentials) []string {
	names := make([]string, 0, len(keys))
	for n := range keys {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func step(title string) { fmt.Printf("\n==> %s\n", title) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
