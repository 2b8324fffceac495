package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
)

// phases are measured in this order on each run. A plan that finds changes
// is an error: the plans measured are over unchanged keys.
var phases = []struct {
	name string
	run  func(ctx context.Context, tf *tfexec.Terraform) error
}{
	{"apply", func(ctx context.Context, tf *tfexec.Terraform) error { return tf.Apply(ctx) }},
	{"plan", func(ctx context.Context, tf *tfexec.Terraform) error { return planNoChanges(tf.Plan(ctx)) }},
	{"plan -refresh=false", func(ctx context.Context, tf *tfexec.Terraform) error {
		return planNoChanges(tf.Plan(ctx, tfexec.Refresh(false)))
	}},
	{"destroy", func(ctx context.Context, tf *tfexec.Terraform) error { return tf.Destroy(ctx) }},
}

func planNoChanges(changes bool, err error) error {
	if err == nil && changes {
		return errors.New("the plan found changes")
	}
	return err
}

type harness struct {
	providerBin, noopBin string
	// env is the terraform commands' environment: this process's, and the
	// CLI configuration that points at the built provider; noopEnv points
	// at the do-nothing provider (internal/bench/noop) instead.
	env, noopEnv map[string]string
	// shared is the bench's own MinIO, which the MinIO rows run against.
	shared  acctest.BenchShared
	scratch string
	// destroyMax is the largest N whose destroy is measured; a larger
	// configuration is left to its fake, or to the bench's own MinIO.
	destroyMax int
}

func newHarness(ctx context.Context, providerDir string, destroyMax int) (*harness, error) {
	scratch, err := os.MkdirTemp("", "objectstorage-bench-")
	if err != nil {
		return nil, err
	}
	h := &harness{providerBin: filepath.Join(providerDir, "terraform-provider-objectstorage"), scratch: scratch, destroyMax: destroyMax}
	if _, err := os.Stat(h.providerBin); err != nil {
		return nil, fmt.Errorf("no provider at %s: run make build", h.providerBin)
	}
	if h.env, err = cliEnv(scratch, "cli.tfrc", providerDir); err != nil {
		return nil, err
	}
	noopDir := filepath.Join(scratch, "noop")
	h.noopBin = filepath.Join(noopDir, "terraform-provider-objectstorage")
	build := exec.CommandContext(ctx, "go", "build", "-o", h.noopBin, "./internal/bench/noop")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build the do-nothing provider: %w\n%s", err, out)
	}
	if h.noopEnv, err = cliEnv(scratch, "noop.tfrc", noopDir); err != nil {
		return nil, err
	}
	if h.shared.MinIO, err = acctest.StartMinIO(ctx); err != nil {
		return nil, err
	}
	return h, nil
}

// cliEnv writes a CLI configuration that takes the provider from dir and
// returns the environment that selects it.
func cliEnv(scratch, name, dir string) (map[string]string, error) {
	cliConfig := filepath.Join(scratch, name)
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/hashicorp/objectstorage", dir)
	if err := os.WriteFile(cliConfig, []byte(rc), 0o644); err != nil {
		return nil, err
	}
	return map[string]string{"TF_CLI_CONFIG_FILE": cliConfig}, nil
}

func (h *harness) close() {
	h.shared.MinIO.Stop()
	_ = os.RemoveAll(h.scratch)
}

// phaseResult is one phase of one run, or the median of several.
type phaseResult struct {
	Seconds      float64 `json:"seconds"`
	FloorSeconds float64 `json:"floor_seconds"`
	// NoopSeconds is the do-nothing framework provider's time for the
	// same configuration: the floor of any framework provider.
	NoopSeconds float64 `json:"noop_provider_seconds"`
	// DriverAloneSeconds is the time the provider's driver takes for what
	// the phase asks of the service, without Terraform (driverAlone).
	DriverAloneSeconds float64 `json:"driver_alone_seconds"`
	Calls              int     `json:"api_calls"`
	PeakRSSMiB         float64 `json:"peak_provider_rss_mib"`
	// NoopPeakRSSMiB is the do-nothing provider's peak: what the framework
	// and the protocol hold for the same configuration.
	NoopPeakRSSMiB float64 `json:"noop_provider_peak_rss_mib"`
}

type caseResult struct {
	Backend string                 `json:"backend"`
	N       int                    `json:"n"`
	Phases  map[string]phaseResult `json:"phases"`
}

func (h *harness) measure(ctx context.Context, b acctest.BenchSetup, n, runs int) (caseResult, error) {
	perRun := map[string][]phaseResult{}
	for run := range runs {
		results, err := h.runOnce(ctx, b, n, run)
		if err != nil {
			return caseResult{}, err
		}
		for phase, r := range results {
			perRun[phase] = append(perRun[phase], r)
		}
	}
	out := caseResult{Backend: b.Name, N: n, Phases: map[string]phaseResult{}}
	for phase, rs := range perRun {
		out.Phases[phase] = median(rs)
	}
	return out, nil
}

func (h *harness) runOnce(ctx context.Context, b acctest.BenchSetup, n, run int) (map[string]phaseResult, error) {
	svc, err := b.Start(ctx, h.shared)
	if err != nil {
		return nil, err
	}
	defer svc.Stop()
	alone, err := driverAlone(ctx, svc, n)
	if err != nil {
		return nil, fmt.Errorf("the driver alone: %w", err)
	}
	dir := filepath.Join(h.scratch, fmt.Sprintf("%s-%d-%d", b.Name, n, run))
	floor, noop := dir+"-floor", dir+"-noop"
	variable := fmt.Sprintf("variable \"n\" {\n  default = %d\n}\n", n)
	if err := writeConfig(dir, variable+svc.Provider(n)+svc.Resources(n)); err != nil {
		return nil, err
	}
	if err := writeConfig(noop, variable+svc.Provider(n)+svc.Resources(n)); err != nil {
		return nil, err
	}
	if err := writeConfig(floor, variable+"resource \"terraform_data\" \"k\" {\n  count = var.n\n  input = \"bench-${count.index}\"\n}\n"); err != nil {
		return nil, err
	}
	out := map[string]phaseResult{}
	for _, p := range phases {
		if p.name == "destroy" && n > h.destroyMax {
			continue
		}
		svc.ResetCalls()
		poller := watchRSS(h.providerBin)
		seconds, err := h.terraform(ctx, dir, h.env, p.name, p.run)
		peak := poller.stop()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.name, err)
		}
		floorSeconds, err := h.terraform(ctx, floor, h.env, p.name, p.run)
		if err != nil {
			return nil, fmt.Errorf("%s (floor): %w", p.name, err)
		}
		noopPoller := watchRSS(h.noopBin)
		noopSeconds, err := h.terraform(ctx, noop, h.noopEnv, p.name, p.run)
		noopPeak := noopPoller.stop()
		if err != nil {
			return nil, fmt.Errorf("%s (do-nothing provider): %w", p.name, err)
		}
		out[p.name] = phaseResult{
			Seconds: seconds, FloorSeconds: floorSeconds, NoopSeconds: noopSeconds, DriverAloneSeconds: alone[p.name],
			Calls: svc.Calls(), PeakRSSMiB: peak, NoopPeakRSSMiB: noopPeak,
		}
	}
	return out, nil
}

func writeConfig(dir, config string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644)
}

// terraform runs one phase in dir with terraform-exec and returns its
// wall time; the output is kept for the error only.
func (h *harness) terraform(ctx context.Context, dir string, env map[string]string, name string, run func(context.Context, *tfexec.Terraform) error) (float64, error) {
	tf, err := acctest.NewTerraformExec(dir, env)
	if err != nil {
		return 0, err
	}
	var out bytes.Buffer
	tf.SetStdout(&out)
	tf.SetStderr(&out)
	start := time.Now()
	err = run(ctx, tf)
	elapsed := time.Since(start).Seconds()
	if err != nil {
		tail := out.String()
		if len(tail) > 3000 {
			tail = tail[len(tail)-3000:]
		}
		return 0, fmt.Errorf("terraform %s: %v\n%s", name, err, tail)
	}
	return elapsed, nil
}

// rssPoller follows the peak resident set of every process running the
// provider binary, from /proc (VmHWM is each process's own peak).
type rssPoller struct {
	done chan struct{}
	peak chan float64
}

func watchRSS(binary string) *rssPoller {
	p := &rssPoller{done: make(chan struct{}), peak: make(chan float64, 1)}
	go func() {
		peak := 0.0
		ticker := time.NewTicker(20 * time.Millisecond)
		defer ticker.Stop()
		for {
			peak = max(peak, providerPeakMiB(binary))
			select {
			case <-p.done:
				p.peak <- peak
				return
			case <-ticker.C:
			}
		}
	}()
	return p
}

func (p *rssPoller) stop() float64 {
	close(p.done)
	return <-p.peak
}

func providerPeakMiB(binary string) float64 {
	entries, _ := os.ReadDir("/proc")
	peak := 0.0
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err != nil || exe != binary {
			continue
		}
		status, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(status), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
				kib, _ := strconv.ParseFloat(f[1], 64)
				peak = max(peak, kib/1024)
			}
		}
	}
	return peak
}

func median(rs []phaseResult) phaseResult {
	pick := func(get func(phaseResult) float64) float64 {
		vs := make([]float64, len(rs))
		for i, r := range rs {
			vs[i] = get(r)
		}
		slices.Sort(vs)
		return vs[len(vs)/2]
	}
	return phaseResult{
		Seconds:            pick(func(r phaseResult) float64 { return r.Seconds }),
		FloorSeconds:       pick(func(r phaseResult) float64 { return r.FloorSeconds }),
		NoopSeconds:        pick(func(r phaseResult) float64 { return r.NoopSeconds }),
		DriverAloneSeconds: pick(func(r phaseResult) float64 { return r.DriverAloneSeconds }),
		Calls:              int(pick(func(r phaseResult) float64 { return float64(r.Calls) })),
		PeakRSSMiB:         pick(func(r phaseResult) float64 { return r.PeakRSSMiB }),
		NoopPeakRSSMiB:     pick(func(r phaseResult) float64 { return r.NoopPeakRSSMiB }),
	}
}
