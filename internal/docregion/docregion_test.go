package docregion

import "testing"

func TestRewriteNeedsItsMarkers(t *testing.T) {
	if _, err := Rewrite("no markers", map[string]func() string{"x": func() string { return "" }}); err == nil {
		t.Fatal("rewrite of a text without the region's markers: want an error")
	}
	got, err := Rewrite("a\n<!-- generated: x -->\nold\n<!-- end generated: x -->\nb", map[string]func() string{"x": func() string { return "new\n" }})
	if err != nil || got != "a\n<!-- generated: x -->\nnew\n<!-- end generated: x -->\nb" {
		t.Fatalf("rewrite: %q, %v", got, err)
	}
}

func TestTable(t *testing.T) {
	got := Table([]string{"a", "b"}, []string{"---", "--:"}, [][]string{{"x", "1"}})
	if want := "| a | b |\n|---|--:|\n| x | 1 |\n"; got != want {
		t.Fatalf("table %q, want %q", got, want)
	}
}
