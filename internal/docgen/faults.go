package main

import (
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

// faultMatrixTable is the fault matrix as docs/reliability.md shows it:
// each cell's outcome, as the provider's TestAccFaultMatrix expects it,
// for every backend (each lends the matrix its fixture).
func faultMatrixTable() string {
	var b strings.Builder
	b.WriteString("| backend | operation |")
	for _, kind := range fakeapi.Vocabulary {
		b.WriteString(" " + string(kind) + " |")
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---|", len(fakeapi.Vocabulary)) + "\n")
	for _, k := range backends.All {
		for _, op := range fakeapi.Operations {
			b.WriteString("| " + k.Title + " | " + op + " |")
			for _, kind := range fakeapi.Vocabulary {
				b.WriteString(" " + kind.Outcome() + " |")
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
