package provider

import (
	"os"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends/fixtures"
)

// faultMatrixTable is the fault matrix as docs/reliability.md shows it:
// each cell's outcome, as TestAccFaultMatrix expects it.
func faultMatrixTable() string {
	var b strings.Builder
	b.WriteString("| backend | operation |")
	for _, kind := range fakeapi.Vocabulary {
		b.WriteString(" " + string(kind) + " |")
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---|", len(fakeapi.Vocabulary)) + "\n")
	for _, f := range fixtures.All {
		kind, _ := backends.Named(f.Backend)
		for _, op := range faultOps {
			b.WriteString("| " + kind.Title + " | " + op + " |")
			for _, kind := range fakeapi.Vocabulary {
				b.WriteString(" " + faultOutcome(kind) + " |")
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// docs/reliability.md shows the fault matrix the tests run, cell by cell.
func TestReliabilityDocsShowTheFaultMatrix(t *testing.T) {
	doc, err := os.ReadFile("../../docs/reliability.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := faultMatrixTable(); !strings.Contains(string(doc), want) {
		t.Fatalf("docs/reliability.md lacks the fault matrix the tests run:\n%s", want)
	}
}
