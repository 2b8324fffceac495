package backendtest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// MoveState reads a move source's state from the calling package's
// testdata/moves folder.
func MoveState(t testing.TB, file string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "moves", file))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// Moved decodes raw with kind's move source of typeName, failing the test
// on an error.
func Moved(t testing.TB, kind backend.Kind, typeName string, raw []byte) backend.MovedKey {
	t.Helper()
	key, err := MoveDecode(t, kind, typeName, raw)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// MoveDecode decodes raw with kind's move source of typeName.
func MoveDecode(t testing.TB, kind backend.Kind, typeName string, raw []byte) (backend.MovedKey, error) {
	t.Helper()
	for _, s := range kind.MoveSources {
		if s.Type == typeName {
			return s.Decode(raw)
		}
	}
	t.Fatalf("%s declares no move source %s", kind.Name, typeName)
	return backend.MovedKey{}, nil
}

// WithField is a move source's state raw with one attribute set to value
// (nil for null), for the cases a decoder must take or refuse.
func WithField(t testing.TB, raw []byte, field string, value any) []byte {
	t.Helper()
	var state map[string]any
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	state[field] = value
	changed, err := json.Marshal(state)
	if err != nil {
		t.Fatal(err)
	}
	return changed
}
