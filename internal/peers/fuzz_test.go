package peers

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/fuzzstat"
)

// secretFields are the attributes in which the sources keep a key's secret.
var secretFields = []string{"secret_key", "secret", "secretkey", "ses_smtp_password_v4"}

func init() {
	for _, s := range Sources {
		if s.SecretAttribute != "" {
			secretFields = append(secretFields, s.SecretAttribute)
		}
	}
}

// FuzzDecode feeds every source's decoder state it did not write: the
// seeds are the testdata states, the fuzzer changes their bytes. A decoder
// never panics, its error never holds the state's secret, and a key it
// returns carries either no secret or the one the state holds.
func FuzzDecode(f *testing.F) {
	// Each backend keeps its sources' states in testdata/moves.
	files, err := filepath.Glob("../backend/*/testdata/moves/*.json")
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds: %v", err)
	}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for i := range Sources {
			f.Add(i, raw)
		}
	}
	f.Fuzz(func(t *testing.T, source int, raw []byte) {
		if source < 0 || source >= len(Sources) {
			return
		}
		fuzzstat.Count()
		s := Sources[source]
		_, key, err := Decode("registry.terraform.io/"+s.Provider, s.Type, 0, raw)
		secrets := secretsIn(raw)
		if err != nil {
			for _, secret := range secrets {
				// Secrets shorter than 4 bytes occur in any text.
				if len(secret) >= 4 && strings.Contains(err.Error(), secret) {
					t.Fatalf("%s: the error holds the state's secret: %v", s.Type, err)
				}
			}
			return
		}
		if s.SecretOf != nil {
			for _, stored := range secrets {
				secrets = append(secrets, s.SecretOf(stored))
			}
		}
		if key.SecretKey != "" && !slices.Contains(secrets, key.SecretKey) {
			t.Fatalf("%s: decoded a secret the state does not hold in any secret attribute", s.Type)
		}
	})
}

// secretsIn returns the secret attributes of a state, where it is a JSON
// object, their names matched without regard to case, as encoding/json
// matches them.
func secretsIn(raw []byte) []string {
	var attributes map[string]any
	if json.Unmarshal(raw, &attributes) != nil {
		return nil
	}
	var out []string
	for name, value := range attributes {
		for _, field := range secretFields {
			if v, ok := value.(string); ok && strings.EqualFold(name, field) {
				out = append(out, v)
			}
		}
	}
	return out
}
