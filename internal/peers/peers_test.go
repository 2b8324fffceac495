package peers

import (
	"errors"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

// Every backend's sources are found by their type, under the backend that
// declares them, and no type is declared twice.
func TestSourcesComeFromTheBackends(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range backends.All {
		for _, m := range k.MoveSources {
			if seen[m.Type] {
				t.Errorf("%s is declared twice", m.Type)
			}
			seen[m.Type] = true
			s, ok := Find(m.Type)
			if !ok || s.Backend != k.Name || s.Provider != m.Provider {
				t.Errorf("Find(%s) = %+v, %v; want %s's source", m.Type, s, ok, k.Name)
			}
		}
	}
	if len(seen) != len(Sources) || len(Sources) == 0 {
		t.Errorf("%d sources, %d declared", len(Sources), len(seen))
	}
}

// OpenTofu names its own registry host, and its releases before 1.12.4
// sent shorter addresses: all name the same provider.
func TestOpenTofuAddressesAreTheSameSources(t *testing.T) {
	for _, s := range Sources {
		_, name, _ := strings.Cut(s.Provider, "/")
		for _, address := range []string{"registry.terraform.io/" + s.Provider, "registry.opentofu.org/" + s.Provider, s.Provider, name} {
			if !s.from(address) {
				t.Errorf("%s: %s is not taken as %s", s.Type, address, s.Provider)
			}
		}
	}
}

func TestUnknownSourcesAreRefused(t *testing.T) {
	first := Sources[0]
	cases := map[string]struct {
		provider, typeName string
		version            int64
		want               string
	}{
		"another resource type": {"registry.terraform.io/hashicorp/aws", "aws_iam_user", 0,
			"is not one of " + first.Type + " (" + first.Provider + ")"},
		"a fork of the provider": {"registry.terraform.io/someone/fork", first.Type, 0,
			"from the provider " + first.Provider + ", not from registry.terraform.io/someone/fork"},
		"a newer schema version": {"registry.terraform.io/" + first.Provider, first.Type, 1, "schema version 1"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, _, err := Decode(tc.provider, tc.typeName, tc.version, []byte(`{}`))
			if !errors.Is(err, ErrUnknownSource) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want ErrUnknownSource saying %q", err, tc.want)
			}
		})
	}
}

// Decode hands the state to the source's decoder and names the type in
// the decoder's error.
func TestDecodeUsesTheSourcesDecoder(t *testing.T) {
	failing := errors.New("no such state")
	var got []byte
	list := sources([]backend.Kind{{Name: "test", MoveSources: []backend.MoveSource{{
		Provider: "test/test", Type: "test_key",
		Decode: func(raw []byte) (backend.MovedKey, error) { got = raw; return backend.MovedKey{}, failing },
	}}}})
	saved := Sources
	Sources = list
	t.Cleanup(func() { Sources = saved })
	source, _, err := Decode("registry.terraform.io/test/test", "test_key", 0, []byte(`{"id":"1"}`))
	if !errors.Is(err, failing) || !strings.Contains(err.Error(), "read the test_key state") || string(got) != `{"id":"1"}` {
		t.Fatalf("error %v, decoder got %s", err, got)
	}
	if source.Backend != "" {
		t.Fatalf("a failed decode returned the source %+v", source)
	}
}
