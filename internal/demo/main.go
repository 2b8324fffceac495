// Command demo runs the quickstart end to end: it starts a MinIO server on
// loopback, makes two buckets, applies examples/quickstart with the locally
// built provider, shows with S3 calls what each key can and cannot do,
// destroys the keys, shows they no longer work, and stops the server.
// `make demo` builds what it needs and runs it.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

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
	if err := tf.run(ctx, "apply", "-auto-approve", "-input=false"); err != nil {
		return err
	}
	keys, err := tf.keys(ctx)
	if err != nil {
		return err
	}

	step("What each key can do, checked with S3 calls as that key")
	if err := printAccess(ctx, server.Endpoint, keys); err != nil {
		return err
	}

	step("terraform destroy")
	if err := tf.runQuietly(ctx, "destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
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

// terraform runs the terraform CLI on a copy of the quickstart, with a dev
// override that points at the locally built provider: no registry needed.
type terraform struct {
	dir string
	env []string
}

func newTerraform(providerDir, quickstart, workDir string, serverEnv map[string]string) (*terraform, error) {
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
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	for k, v := range serverEnv {
		env = append(env, k+"="+v)
	}
	return &terraform{dir: dir, env: env}, nil
}

func (t *terraform) command(ctx context.Context, args ...string) *exec.Cmd {
	bin := os.Getenv("TERRAFORM")
	if bin == "" {
		bin = "terraform"
	}
	cmd := exec.CommandContext(ctx, bin, append([]string{"-chdir=" + t.dir}, args...)...)
	cmd.Env = t.env
	return cmd
}

func (t *terraform) run(ctx context.Context, args ...string) error {
	cmd := t.command(ctx, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("terraform %s: %w", args[0], err)
	}
	return nil
}

// runQuietly prints only the command's last line, or all of its output
// when it fails.
func (t *terraform) runQuietly(ctx context.Context, args ...string) error {
	out, err := t.command(ctx, args...).CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		return fmt.Errorf("terraform %s: %w", args[0], err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	fmt.Println(lines[len(lines)-1])
	return nil
}

// keys reads the quickstart's sensitive output without printing it.
func (t *terraform) keys(ctx context.Context) (map[string]credentials, error) {
	cmd := t.command(ctx, "output", "-json", "keys")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("terraform output: %w", err)
	}
	var keys map[string]credentials
	if err := json.Unmarshal(out, &keys); err != nil {
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
