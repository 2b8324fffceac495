package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/docregion"
)

// The templates hold the tables the capability table and the backends'
// settings give: make generate wrote them, and nobody edited them by hand.
func TestTemplatesAreUpToDate(t *testing.T) {
	for file, writers := range regions {
		text, err := os.ReadFile(filepath.Join("..", "..", file))
		if err != nil {
			t.Fatal(err)
		}
		want, err := docregion.Rewrite(string(text), writers)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if want != string(text) {
			t.Errorf("%s differs from what make generate writes: run make generate", file)
		}
	}
}

// The update-or-replace table follows the capability table: a backend that
// cannot rename in place shows replace for name. The rows are checked for
// the first five backends' columns; later backends add columns after them.
func TestUpdateOrReplaceTable(t *testing.T) {
	got := updateOrReplaceTable()
	for _, want := range []string{
		"| attribute changed | MinIO | Linode | GleSYS | IAM | DigitalOcean |",
		"| `name` | update | update | replace | update | update |",
		"| `bucket_access` | update | replace | refused at plan time | update | replace |",
		"| `instance_id` | refused at plan time | refused at plan time | replace | refused at plan time | refused at plan time |",
		"| `enabled` | update | refused at plan time | refused at plan time | update | refused at plan time |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the table lacks %q:\n%s", want, got)
		}
	}
}
