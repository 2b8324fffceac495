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
)

func main() {
	runs := flag.Int("runs", 3, "runs per case; the median is reported")
	minioN := flag.String("minio", "1,40,200,1000", "key counts on the local MinIO")
	linodeN := flag.String("linode", "1,200,1000,5000", "key counts on the Linode fake")
	glesysN := flag.String("glesys", "30", "credential counts on the GleSYS fake")
	seaweedN := flag.String("iam-seaweedfs", "1,40", "key counts on a local SeaweedFS (the iam backend)")
	awsN := flag.String("iam-aws", "1,200", "key counts on the AWS IAM fake (the iam backend)")
	doN := flag.String("digitalocean", "1,200,1000", "key counts on the DigitalOcean fake")
	providerDir := flag.String("provider-dir", ".bin", "directory of the built terraform-provider-objectstorage")
	destroyMax := flag.Int("destroy-max", 1000, "the largest N whose destroy is measured; Terraform's own destroy grows with the square of N")
	markdown := flag.String("markdown", "docs/performance.md", "the page whose generated tables to rewrite (written anew if missing)")
	jsonOut := flag.String("json", "docs/performance.json", "where to write the figures")
	keep := flag.Bool("keep", false, "keep the figures of the backends this run does not measure (an empty key count) from -json")
	flag.Parse()

	if err := run(context.Background(), *runs, *destroyMax, *keep, *providerDir, *markdown, *jsonOut, map[string]string{
		"minio": *minioN, "linode": *linodeN, "glesys": *glesysN, "iam-seaweedfs": *seaweedN, "iam-aws": *awsN,
		"digitalocean": *doN,
	}); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, runs, destroyMax int, keep bool, providerDir, markdown, jsonOut string, counts map[string]string) error {
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
	for _, b := range []backendSetup{minioSetup(h), linodeSetup(), glesysSetup(), seaweedfsSetup(ctx), awsIAMSetup(), digitaloceanSetup()} {
		ns, err := parseCounts(counts[b.name])
		if err != nil {
			return err
		}
		if len(ns) == 0 {
			results = append(results, resultsOf(kept, b.name)...)
		}
		for _, n := range ns {
			fmt.Fprintf(os.Stderr, "==> %s, N = %d, %d runs\n", b.name, n, runs)
			r, err := h.measure(ctx, b, n, runs)
			if err != nil {
				return fmt.Errorf("%s N=%d: %w", b.name, n, err)
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
