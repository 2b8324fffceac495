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
	"regexp"
	"strings"
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
		out, err := rewrite(string(text), writers)
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

// rewrite replaces the content of each generated region of text.
func rewrite(text string, writers map[string]func() string) (string, error) {
	for name, write := range writers {
		region := regexp.MustCompile(`(?s)(<!-- generated: ` + regexp.QuoteMeta(name) + ` -->\n).*?(<!-- end generated: ` +
			regexp.QuoteMeta(name) + ` -->)`)
		if !region.MatchString(text) {
			return "", fmt.Errorf("no generated region %q", name)
		}
		content := write()
		text = region.ReplaceAllStringFunc(text, func(match string) string {
			m := region.FindStringSubmatch(match)
			return m[1] + content + m[2]
		})
	}
	return text, nil
}

// table renders a Markdown table.
func table(header []string, rows [][]string) string {
	var b strings.Builder
	line := func(cells []string) { b.WriteString("| " + strings.Join(cells, " | ") + " |\n") }
	line(header)
	b.WriteString("|" + strings.Repeat("---|", len(header)) + "\n")
	for _, r := range rows {
		line(r)
	}
	return b.String()
}
