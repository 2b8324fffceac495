// Command bench measures the provider with a real terraform: for each
// backend and number of keys N, the wall time of apply, plan, plan
// -refresh=false and destroy, the API calls each phase makes, and the peak
// RSS of the provider process, beside the same phases for N terraform_data
// resources (Terraform's own floor) and for a do-nothing framework
// provider (internal/bench/noop). `make bench` runs it, rewrites the
// generated tables of docs/performance.md and writes docs/performance.json.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends/fixtures"
)

func main() {
	runs := flag.Int("runs", 3, "runs per case; the median is reported")
	// A flag of key counts for each backend's rows, as its fixture
	// declares them.
	setups := fixtures.Bench()
	counts := map[string]*string{}
	for _, b := range setups {
		counts[b.Name] = flag.String(b.Name, b.Counts, "key counts on "+b.About)
	}
	providerDir := flag.String("provider-dir", ".bin", "directory of the built terraform-provider-objectstorage")
	destroyMax := flag.Int("destroy-max", 1000, "the largest N whose destroy is measured; Terraform's own destroy grows with the square of N")
	markdown := flag.String("markdown", "docs/performance.md", "the page whose generated tables to rewrite (written anew if missing)")
	jsonOut := flag.String("json", "docs/performance.json", "where to write the figures")
	keep := flag.Bool("keep", false, "keep the figures of the backends this run does not measure (an empty key count) from -json")
	flag.Parse()

	chosen := map[string]string{}
	for name, c := range counts {
		chosen[name] = *c
	}
	if err := run(context.Background(), setups, *runs, *destroyMax, *keep, *providerDir, *markdown, *jsonOut, chosen); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, setups []acctest.BenchSetup, runs, destroyMax int, keep bool, providerDir, markdown, jsonOut string, counts map[string]string) error {
	providerDir, err := filepath.Abs(providerDir)
	if err != nil {
		return err
	}
	h, err := newHarness(ctx, providerDir, destroyMax)
	if err != nil {
		return err
	}
	defer h.close()

	var kept []caseResult
	if keep {
		if kept, err = readResults(jsonOut); err != nil {
			return err
		}
	}
	var results []caseResult
	for _, b := range setups {
		ns, err := parseCounts(counts[b.Name])
		if err != nil {
			return err
		}
		if len(ns) == 0 {
			results = append(results, resultsOf(kept, b.Name)...)
		}
		for _, n := range ns {
			fmt.Fprintf(os.Stderr, "==> %s, N = %d, %d runs\n", b.Name, n, runs)
			r, err := h.measure(ctx, b, n, runs)
			if err != nil {
				return fmt.Errorf("%s N=%d: %w", b.Name, n, err)
			}
			results = append(results, r)
		}
	}
	fmt.Print(resultsTable(results, runs), "\n", growthTable(results), "\n", targetsTable(results))
	if err := writePage(markdown, results, runs); err != nil {
		return err
	}
	raw, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(jsonOut, append(raw, '\n'), 0o644)
}

// readResults reads the figures an earlier run wrote.
func readResults(path string) ([]caseResult, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var results []caseResult
	if err := json.Unmarshal(raw, &results); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return results, nil
}

func resultsOf(results []caseResult, backend string) []caseResult {
	var out []caseResult
	for _, r := range results {
		if r.Backend == backend {
			out = append(out, r)
		}
	}
	return out
}

func parseCounts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad key count %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}
