package main

import (
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/docregion"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/provider"
)

// updateOrReplaceTable: what a change of each attribute does on each
// backend.
func updateOrReplaceTable() string {
	header := []string{"attribute changed"}
	for _, k := range backends.All {
		header = append(header, k.Title)
	}
	var rows [][]string
	for _, r := range backend.Rules {
		row := []string{"`" + provider.AttributeOf(r.Field) + "`"}
		for _, k := range backends.All {
			row = append(row, string(r.OnChange(k.Capabilities)))
		}
		rows = append(rows, row)
	}
	return docregion.Table(header, nil, rows)
}

// capabilitiesTable: each backend's row of the capability table.
func capabilitiesTable() string {
	header := []string{"capability"}
	for _, k := range backends.All {
		header = append(header, k.Title+" (`"+k.Name+"`)")
	}
	rows := [][]string{{"key object"}}
	for _, k := range backends.All {
		rows[0] = append(rows[0], k.KeyObject)
	}
	for _, c := range backend.Columns {
		row := []string{c.Doc}
		for _, k := range backends.All {
			row = append(row, yesNo(c.Has(k.Capabilities)))
		}
		rows = append(rows, row)
	}
	return docregion.Table(header, nil, rows)
}

// settingsTable: every setting of every backend block.
func settingsTable() string {
	var rows [][]string
	for _, k := range backends.All {
		for _, s := range k.Settings {
			var notes []string
			if s.Need != "" {
				notes = append(notes, "required")
			}
			if s.Default != "" {
				notes = append(notes, "default `"+s.Default+"`")
			}
			if s.Sensitive {
				notes = append(notes, "sensitive")
			}
			rows = append(rows, []string{k.Title, "`" + k.Name + "." + s.Name + "`", s.EnvNames(), strings.Join(notes, ", "), s.Description})
		}
	}
	return docregion.Table([]string{"backend", "setting", "environment variable", "notes", "what it is"}, nil, rows)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
