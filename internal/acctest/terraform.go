package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Terraform runs the terraform CLI (or the one TF_ACC_TERRAFORM_PATH
// names, such as OpenTofu) in a working directory of its own, against the
// provider built from this repository, as a user would: a real plugin
// process, interrupted by a real signal, its every byte of output kept.
// terraform-plugin-testing runs the provider in-process and hides the
// CLI's output; the tests that need those use this instead.
type Terraform struct {
	Dir string
	env []string
	// bin is the CLI to run; "" runs TF_ACC_TERRAFORM_PATH or terraform.
	bin string
	// overrides are the CLI configuration's dev_overrides lines.
	overrides strings.Builder

	mu     sync.Mutex
	output bytes.Buffer // every byte every command wrote, stdout and stderr
}

// commandTimeout bounds one terraform command.
const commandTimeout = 10 * time.Minute

// NewTerraform writes config into a new working directory and returns a
// runner whose commands see env ("NAME=value") besides the environment.
func NewTerraform(t testing.TB, config string, env ...string) *Terraform {
	t.Helper()
	providerDir, err := builtProvider()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tf := &Terraform{Dir: dir, env: append([]string{
		"TF_CLI_CONFIG_FILE=" + filepath.Join(dir, ".terraformrc"), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		// A race in the provider process ends it, so the command fails.
		"GORACE=halt_on_error=1",
	}, env...)}
	// The provider as an implied provider (hashicorp/) and under its own
	// address (objectstorage-keys/).
	tf.override(t, providerDir, "hashicorp/objectstorage", "objectstorage-keys/objectstorage")
	tf.WriteConfig(t, config)
	return tf
}

// override makes the commands take the providers at addresses
// (namespace/type) from dir, under both registries' hosts.
func (tf *Terraform) override(t testing.TB, dir string, addresses ...string) {
	t.Helper()
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		for _, address := range addresses {
			fmt.Fprintf(&tf.overrides, "    %q = %q\n", host+"/"+address, dir)
		}
	}
	rc := "provider_installation {\n  dev_overrides {\n" + tf.overrides.String() + "  }\n  direct {}\n}\n"
	if err := os.WriteFile(filepath.Join(tf.Dir, ".terraformrc"), []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
}

// Setenv sets one environment variable for the commands run from now on,
// such as an ephemeral variable's value (TF_VAR_name), which then appears
// in no command line and so in no error message.
func (tf *Terraform) Setenv(name, value string) {
	tf.mu.Lock()
	defer tf.mu.Unlock()
	tf.env = append(tf.env, name+"="+value)
}

// WriteConfig replaces the working directory's configuration.
func (tf *Terraform) WriteConfig(t testing.TB, config string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(tf.Dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
}

// Run runs one command to its end and returns what it wrote; err is set
// when it exits with an error.
func (tf *Terraform) Run(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := tf.command(ctx, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	tf.keep(out.Bytes())
	if err != nil {
		return out.String(), fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String(), nil
}

// Interrupt runs one command and sends it SIGINT, as Ctrl-C would, once
// when has returned true for what the command has written so far (it is
// asked every 20 ms while the command runs, which commandTimeout bounds).
// It returns what the command wrote and whether the signal was sent.
func (tf *Terraform) Interrupt(when func(output string) bool, args ...string) (string, bool, error) {
	return tf.signal(syscall.SIGINT, false, when, args...)
}

// Kill is Interrupt with SIGKILL to the command and every process it
// started (its provider plugins, its provisioners), as when a runner
// disappears: nothing gets a chance to finish, and nothing is left running.
func (tf *Terraform) Kill(when func(output string) bool, args ...string) (string, bool, error) {
	return tf.signal(syscall.SIGKILL, true, when, args...)
}

func (tf *Terraform) signal(sig syscall.Signal, wholeGroup bool, when func(output string) bool, args ...string) (string, bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := tf.command(ctx, args...)
	if wholeGroup {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	}
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return "", false, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	sent := false
	ticker := time.NewTicker(20 * time.Millisecond)
	defer ticker.Stop()
	var err error
wait:
	for {
		select {
		case err = <-exited:
			break wait
		case <-ticker.C:
			if !sent && when(string(out.Bytes())) {
				if wholeGroup {
					sent = syscall.Kill(-cmd.Process.Pid, sig) == nil
				} else {
					sent = cmd.Process.Signal(sig) == nil
				}
			}
		}
	}
	tf.keep(out.Bytes())
	return string(out.Bytes()), sent, err
}

func (tf *Terraform) command(ctx context.Context, args ...string) *exec.Cmd {
	bin := tf.bin
	if bin == "" {
		bin = os.Getenv("TF_ACC_TERRAFORM_PATH")
	}
	if bin == "" {
		bin = "terraform"
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = tf.Dir
	tf.mu.Lock()
	cmd.Env = append(os.Environ(), tf.env...)
	tf.mu.Unlock()
	return cmd
}

func (tf *Terraform) keep(b []byte) {
	tf.mu.Lock()
	defer tf.mu.Unlock()
	tf.output.Write(b)
}

// Output returns every byte every command wrote so far.
func (tf *Terraform) Output() string {
	tf.mu.Lock()
	defer tf.mu.Unlock()
	return tf.output.String()
}

// StateResource is one managed resource instance in the state file.
type StateResource struct {
	Type       string
	Attributes map[string]any
	// Tainted is set for an instance marked for replacement, as one whose
	// create failed half-way is.
	Tainted bool
}

// State reads the working directory's state file (none is no resources).
func (tf *Terraform) State() ([]StateResource, error) {
	raw, err := os.ReadFile(filepath.Join(tf.Dir, "terraform.tfstate"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var state struct {
		Resources []struct {
			Type, Mode string
			Instances  []struct {
				Status     string         `json:"status"`
				Attributes map[string]any `json:"attributes"`
			}
		}
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		return nil, fmt.Errorf("parse the state file: %w", err)
	}
	var out []StateResource
	for _, r := range state.Resources {
		if r.Mode != "managed" {
			continue
		}
		for _, i := range r.Instances {
			out = append(out, StateResource{Type: r.Type, Attributes: i.Attributes, Tainted: i.Status == "tainted"})
		}
	}
	return out, nil
}

// CrashLogs returns the content of every crash log in the working
// directory.
func (tf *Terraform) CrashLogs() (string, error) {
	matches, err := filepath.Glob(filepath.Join(tf.Dir, "crash*.log"))
	if err != nil {
		return "", err
	}
	var all strings.Builder
	for _, m := range matches {
		b, err := os.ReadFile(m)
		if err != nil {
			return "", err
		}
		all.Write(b)
	}
	return all.String(), nil
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]byte(nil), b.buf.Bytes()...)
}

var (
	buildOnce        sync.Once
	builtProviderDir string
	buildErr         error
)

// RemoveBuiltProvider removes the provider builtProvider made, if any;
// TestMain calls it when the tests are done.
func RemoveBuiltProvider() {
	if builtProviderDir != "" {
		_ = os.RemoveAll(builtProviderDir)
	}
}

// builtProvider builds the provider from this repository, once per test
// binary, into a directory of its own, and returns the directory. Under
// the race detector the provider is built with it.
func builtProvider() (string, error) {
	buildOnce.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			buildErr = err
			return
		}
		builtProviderDir, buildErr = os.MkdirTemp("", "objectstorage-provider-")
		if buildErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
		defer cancel()
		args := []string{"build", "-o", filepath.Join(builtProviderDir, "terraform-provider-objectstorage")}
		if raceDetector {
			args = append(args, "-race")
		}
		cmd := exec.CommandContext(ctx, "go", append(args, ".")...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("build the provider: %w\n%s", err, out)
		}
	})
	return builtProviderDir, buildErr
}

// moduleRoot is the directory of the repository's go.mod, above the
// working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
