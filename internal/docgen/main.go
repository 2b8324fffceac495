// Command docgen writes the tables of the docs that the capability table
// and the backends' settings decide, between markers in templates/, so
// that the docs cannot drift from what plans and settings do. `make
// generate` runs it before tfplugindocs renders docs/ from templates/.
//
// A generated region is
//
//	<!-- generated: NAME -->
//	...
//	<!-- end generated: NAME -->
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/docregion"
)

// regions maps each template to the regions it holds and their writers.
var regions = map[string]map[string]func() string{
	"templates/resources/access_key.md.tmpl": {
		"update-or-replace": updateOrReplaceTable,
	},
	"templates/index.md.tmpl": {
		"backend-capabilities": capabilitiesTable,
		"backend-settings":     settingsTable,
	},
	"README.md": {
		"backend-capabilities": capabilitiesTable,
	},
	"docs/reliability.md": {
		"fault-matrix": faultMatrixTable,
	},
}

func main() {
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	for file, writers := range regions {
		path := filepath.Join(root, file)
		text, err := os.ReadFile(path)
		if err != nil {
			fail(err)
		}
		out, err := docregion.Rewrite(string(text), writers)
		if err != nil {
			fail(fmt.Errorf("%s: %w", file, err))
		}
		if out != string(text) {
			if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
				fail(err)
			}
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "docgen:", err)
	os.Exit(1)
}
