package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/docregion"
)

// The page's generated regions: the bench rewrites them and leaves the
// prose around them alone.
const (
	resultsRegion = "bench-results"
	growthRegion  = "bench-growth"
	targetsRegion = "bench-targets"
)

// writePage rewrites the generated regions of the Markdown page at path, or
// writes a page of the regions alone where there is none.
func writePage(path string, results []caseResult, runs int) error {
	text, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		for _, name := range []string{resultsRegion, growthRegion, targetsRegion} {
			text = fmt.Appendf(text, "<!-- generated: %[1]s -->\n<!-- end generated: %[1]s -->\n\n", name)
		}
	} else if err != nil {
		return err
	}
	out, err := docregion.Rewrite(string(text), map[string]func() string{
		resultsRegion: func() string { return resultsTable(results, runs) },
		growthRegion:  func() string { return growthTable(results) },
		targetsRegion: func() string { return targetsTable(results) },
	})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, []byte(out), 0o644)
}

func resultsTable(results []caseResult, runs int) string {
	header := []string{"backend", "N", "phase", "seconds", "terraform_data (s)", "× terraform_data",
		"do-nothing provider (s)", "× do-nothing", "driver alone (s)", "API calls", "peak RSS (MiB)", "do-nothing peak RSS (MiB)"}
	align := []string{"---", "--:", "---", "--:", "--:", "--:", "--:", "--:", "--:", "--:", "--:", "--:"}
	var rows [][]string
	for _, r := range results {
		for _, p := range phases {
			pr, ok := r.Phases[p.name]
			if !ok {
				continue
			}
			rows = append(rows, []string{r.Backend, fmt.Sprint(r.N), p.name,
				seconds(pr.Seconds), seconds(pr.FloorSeconds), ratio(pr.Seconds, pr.FloorSeconds),
				seconds(pr.NoopSeconds), ratio(pr.Seconds, pr.NoopSeconds), seconds(pr.DriverAloneSeconds),
				fmt.Sprint(pr.Calls), fmt.Sprintf("%.0f", pr.PeakRSSMiB), fmt.Sprintf("%.0f", pr.NoopPeakRSSMiB)})
		}
	}
	return docregion.Table(header, align, rows) + fmt.Sprintf("\nMedians of %d runs.\n", runs)
}

// growthTable gives, for every pair of key counts N and 5N measured on a
// backend, how much each phase grew, beside the growth of the two floors.
func growthTable(results []caseResult) string {
	header := []string{"backend", "N → 5N"}
	for _, p := range phases {
		header = append(header, p.name)
	}
	var rows [][]string
	for _, small := range results {
		large, ok := find(results, small.Backend, 5*small.N)
		if !ok {
			continue
		}
		row := []string{small.Backend, fmt.Sprintf("%d → %d", small.N, large.N)}
		for _, p := range phases {
			a, okA := small.Phases[p.name]
			b, okB := large.Phases[p.name]
			if !okA || !okB {
				row = append(row, "not measured")
				continue
			}
			row = append(row, fmt.Sprintf("%s× (terraform_data %s×, do-nothing %s×)",
				ratio(b.Seconds, a.Seconds), ratio(b.FloorSeconds, a.FloorSeconds), ratio(b.NoopSeconds, a.NoopSeconds)))
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return "No backend was measured at both N and 5N keys.\n"
	}
	return docregion.Table(header, nil, rows)
}

// target is one goal the figures are held to: measure returns what was
// measured, whether it meets the goal, and false where the bench did not
// run the case.
type target struct {
	what, goal string
	measure    func(results []caseResult) (value string, met, measured bool)
}

var targets = []target{
	{"MinIO apply, 200 keys", "≤ 8 s", func(rs []caseResult) (string, bool, bool) {
		p, ok := phase(rs, "minio", 200, "apply")
		return seconds(p.Seconds) + " s", p.Seconds <= 8, ok
	}},
	{"MinIO destroy, 200 keys", "≤ 1.3× terraform_data", func(rs []caseResult) (string, bool, bool) {
		p, ok := phase(rs, "minio", 200, "destroy")
		return fmt.Sprintf("%s s, %s× terraform_data, %s× do-nothing", seconds(p.Seconds), ratio(p.Seconds, p.FloorSeconds),
			ratio(p.Seconds, p.NoopSeconds)), p.Seconds <= 1.3*p.FloorSeconds, ok
	}},
	{"MinIO plan, 200 keys", "≤ 1.2 s, ≤ 3 admin calls", func(rs []caseResult) (string, bool, bool) {
		p, ok := phase(rs, "minio", 200, "plan")
		return fmt.Sprintf("%s s, %d calls", seconds(p.Seconds), p.Calls), p.Seconds <= 1.2 && p.Calls <= 3, ok
	}},
	{"`plan -refresh=false`, every backend and N", "≤ 1.25× do-nothing", func(rs []caseResult) (string, bool, bool) {
		worst, where := 0.0, ""
		for _, r := range rs {
			if p, ok := r.Phases["plan -refresh=false"]; ok && p.NoopSeconds > 0 && p.Seconds/p.NoopSeconds > worst {
				worst, where = p.Seconds/p.NoopSeconds, fmt.Sprintf("%s, N = %d", r.Backend, r.N)
			}
		}
		return fmt.Sprintf("at most %.2f× (%s)", worst, where), worst <= 1.25, where != ""
	}},
	{"Linode plan, 5,000 keys", "≤ 12 requests, ≤ 5.5× the plan over 1,000", func(rs []caseResult) (string, bool, bool) {
		large, okL := phase(rs, "linode", 5000, "plan")
		small, okS := phase(rs, "linode", 1000, "plan")
		growth := large.Seconds / small.Seconds
		return fmt.Sprintf("%d requests, %s s, %.1f× the plan over 1,000", large.Calls, seconds(large.Seconds), growth),
			large.Calls <= 12 && growth <= 5.5, okL && okS
	}},
	{"MinIO apply, 200 → 1,000 keys", "≤ 5.5× growth", func(rs []caseResult) (string, bool, bool) {
		large, okL := phase(rs, "minio", 1000, "apply")
		small, okS := phase(rs, "minio", 200, "apply")
		growth := large.Seconds / small.Seconds
		return fmt.Sprintf("%.1f× (%s s → %s s)", growth, seconds(small.Seconds), seconds(large.Seconds)), growth <= 5.5, okL && okS
	}},
	{"peak provider RSS, MinIO 1,000 keys", "≤ 64 MiB", func(rs []caseResult) (string, bool, bool) {
		r, ok := find(rs, "minio", 1000)
		peak, noop := 0.0, 0.0
		for _, p := range r.Phases {
			peak, noop = max(peak, p.PeakRSSMiB), max(noop, p.NoopPeakRSSMiB)
		}
		return fmt.Sprintf("%.0f MiB (do-nothing provider %.0f MiB)", peak, noop), peak <= 64, ok
	}},
}

func targetsTable(results []caseResult) string {
	var rows [][]string
	for _, t := range targets {
		value, met, measured := t.measure(results)
		verdict := map[bool]string{true: "met", false: "not met"}[met]
		if !measured {
			value, verdict = "not measured", "not measured"
		}
		rows = append(rows, []string{t.what, t.goal, value, verdict})
	}
	return docregion.Table([]string{"what", "target", "measured", "verdict"}, nil, rows)
}

func find(results []caseResult, backend string, n int) (caseResult, bool) {
	i := slices.IndexFunc(results, func(r caseResult) bool { return r.Backend == backend && r.N == n })
	if i < 0 {
		return caseResult{}, false
	}
	return results[i], true
}

func phase(results []caseResult, backend string, n int, name string) (phaseResult, bool) {
	r, ok := find(results, backend, n)
	p, measured := r.Phases[name]
	return p, ok && measured
}

func seconds(s float64) string { return fmt.Sprintf("%.2f", s) }

func ratio(value, base float64) string {
	if base <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f", value/base)
}
