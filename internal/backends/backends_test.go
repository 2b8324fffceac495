package backends

import "testing"

// Every backend is found by its block's name, and no two share one.
func TestNamesDiffer(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range All {
		if seen[a.Name] {
			t.Errorf("two backends are named %q", a.Name)
		}
		seen[a.Name] = true
		if k, ok := Named(a.Name); !ok || k.Name != a.Name {
			t.Errorf("Named(%q) = %q, %v", a.Name, k.Name, ok)
		}
	}
}
