// Package docregion rewrites the generated regions of a Markdown file,
// so that a generated table can sit inside hand-written prose. A region is
//
//	<!-- generated: NAME -->
//	...
//	<!-- end generated: NAME -->
package docregion

import (
	"fmt"
	"regexp"
	"strings"
)

// Rewrite replaces the content of each named region of text with what its
// writer returns. A region text lacks is an error.
func Rewrite(text string, writers map[string]func() string) (string, error) {
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

// Table renders a Markdown table; align holds one "---" or "--:" per
// column, or is nil for left-aligned columns.
func Table(header []string, align []string, rows [][]string) string {
	var b strings.Builder
	line := func(cells []string) { b.WriteString("| " + strings.Join(cells, " | ") + " |\n") }
	line(header)
	if align == nil {
		b.WriteString("|" + strings.Repeat("---|", len(header)) + "\n")
	} else {
		b.WriteString("|" + strings.Join(align, "|") + "|\n")
	}
	for _, r := range rows {
		line(r)
	}
	return b.String()
}
