// Package peers finds the decoder for the state another provider keeps
// for a key, so that a moved block brings such a key under this provider
// with its id and, where that state holds it, its secret. Each backend
// declares its sources and their decoders on its Kind (MoveSources); this
// package checks the source's provider address and schema version and
// hands the state to its decoder. It makes no call to any service:
// Terraform moves state before any provider is configured.
package peers

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

// Source is a resource type of another provider whose keys can move into
// objectstorage_access_key, and the backend that manages such keys.
type Source struct {
	backend.MoveSource
	// Backend is the name of the backend block that manages such keys.
	Backend string
}

// Sources are every resource type a key can move from, each backend's in
// the order of backends.All and then of its Kind.
var Sources = sources(backends.All)

func sources(kinds []backend.Kind) []Source {
	var out []Source
	for _, k := range kinds {
		for _, m := range k.MoveSources {
			out = append(out, Source{MoveSource: m, Backend: k.Name})
		}
	}
	return out
}

// registryHosts are the registries whose addresses name the sources.
var registryHosts = []string{"registry.terraform.io", "registry.opentofu.org"}

// ErrUnknownSource is wrapped by Decode's error for a resource type, a
// provider or a schema version it does not know.
var ErrUnknownSource = errors.New("not a source this provider can move keys from")

// versions are the schema versions of the source's state its decoder
// reads.
func (s Source) versions() []int64 {
	if len(s.SchemaVersions) == 0 {
		return []int64{0}
	}
	return s.SchemaVersions
}

// Find returns the source of a resource type, or false.
func Find(typeName string) (Source, bool) {
	for _, s := range Sources {
		if s.Type == typeName {
			return s, true
		}
	}
	return Source{}, false
}

// Decode reads a source resource's stored state (raw JSON, in the
// source's own shape). Its errors never hold a value from the state but
// a policy, which holds no secret.
func Decode(providerAddress, typeName string, schemaVersion int64, raw []byte) (Source, backend.MovedKey, error) {
	source, ok := Find(typeName)
	if !ok {
		return Source{}, backend.MovedKey{}, fmt.Errorf("%w: %s is not one of %s", ErrUnknownSource, typeName, typeList())
	}
	if !source.from(providerAddress) {
		return Source{}, backend.MovedKey{}, fmt.Errorf("%w: this provider moves %s from the provider %s, not from %s",
			ErrUnknownSource, typeName, source.Provider, providerAddress)
	}
	if versions := source.versions(); !slices.Contains(versions, schemaVersion) {
		return Source{}, backend.MovedKey{}, fmt.Errorf("%w: %s state of schema version %d was written by a release of %s this provider does not know "+
			"(it reads schema versions %v, the ones every release up to the newest known writes)",
			ErrUnknownSource, typeName, schemaVersion, source.Provider, versions)
	}
	key, err := source.Decode(raw)
	if err != nil {
		return Source{}, backend.MovedKey{}, fmt.Errorf("read the %s state: %w", typeName, err)
	}
	return source, key, nil
}

// from reports whether a provider address, such as
// "registry.terraform.io/linode/linode", names the source's provider.
// OpenTofu releases before 1.12.4 and 1.11.12 sent a shorter address, down
// to the bare type ("linode"); the source's resource type already says
// which provider wrote the state, so those are taken too.
func (s Source) from(address string) bool {
	_, typeName, _ := strings.Cut(s.Provider, "/")
	candidates := []string{s.Provider, typeName}
	for _, host := range registryHosts {
		candidates = append(candidates, host+"/"+s.Provider)
	}
	for _, c := range candidates {
		if strings.EqualFold(address, c) {
			return true
		}
	}
	return false
}

func typeList() string {
	names := make([]string, len(Sources))
	for i, s := range Sources {
		names[i] = s.Type + " (" + s.Provider + ")"
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
