package backends

import "testing"

// Of names a driver's backend by its capability row, so no two rows may
// be the same.
func TestRowsDiffer(t *testing.T) {
	for i, a := range All {
		for _, b := range All[i+1:] {
			if a.Capabilities == b.Capabilities {
				t.Errorf("%s and %s have the same capability row", a.Name, b.Name)
			}
		}
		if k, ok := Of(a.Capabilities); !ok || k.Name != a.Name {
			t.Errorf("Of(%s's row) = %q, %v", a.Name, k.Name, ok)
		}
		if k, ok := Named(a.Name); !ok || k.Name != a.Name {
			t.Errorf("Named(%q) = %q, %v", a.Name, k.Name, ok)
		}
	}
}
