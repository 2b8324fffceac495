package main

import (
	"fmt"
	"strings"
)

func markdownTable(results []caseResult, runs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| backend | N | phase | seconds | terraform_data floor (s) | ratio to floor | do-nothing provider (s) | ratio to do-nothing | API calls | peak provider RSS (MiB) |\n")
	fmt.Fprintf(&b, "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		for _, p := range phases {
			pr := r.Phases[p.name]
			fmt.Fprintf(&b, "| %s | %d | %s | %.2f | %.2f | %s | %.2f | %s | %d | %.0f |\n",
				r.Backend, r.N, p.name, pr.Seconds, pr.FloorSeconds, ratio(pr.Seconds, pr.FloorSeconds),
				pr.NoopSeconds, ratio(pr.Seconds, pr.NoopSeconds), pr.Calls, pr.PeakRSSMiB)
		}
	}
	fmt.Fprintf(&b, "\nMedians of %d runs.\n", runs)
	return b.String()
}

func ratio(seconds, floor float64) string {
	if floor <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f", seconds/floor)
}

func performancePage(table string) string {
	return `# Performance

What the provider costs with a real terraform, measured by ` + "`make bench`" + ` on a 2-core machine. For each backend
and number of keys N: the wall time of ` + "`apply`" + ` (create N keys), ` + "`plan`" + ` (refresh N unchanged keys),
` + "`plan -refresh=false`" + ` and ` + "`destroy`" + `; beside it the same phases for N ` + "`terraform_data`" + ` resources,
Terraform's own floor, and for a do-nothing provider built on terraform-plugin-framework with the same schema
(` + "`internal/bench/noop`" + `: no validator, no plan modifier, no service), the floor of any framework provider, each with
the ratio to it; the API calls of the phase (MinIO admin calls through a
counting proxy on loopback, requests to the Linode and GleSYS fakes); and the peak resident memory of the provider
process. MinIO runs locally (built by ` + "`tools/install-minio.sh`" + `); Linode and GleSYS are the in-process fakes, so
their seconds show the provider's and Terraform's own cost, not a cloud's latency.

Reproduce with ` + "`make bench`" + ` (it builds the provider and MinIO first); the figures are also written to
` + "`docs/performance.json`" + `. Options: ` + "`go run ./internal/bench -h`" + `.

` + table
}
