// Package peers reads the state other providers keep for the keys they
// manage, so that a moved block brings such a key under this provider
// with its id and, where that state holds it, its secret. It makes no
// call to any service: Terraform moves state before any provider is
// configured.
package peers

import (
	"errors"
	"fmt"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// Key is a key as a peer's state describes it, in this provider's terms.
// Its SecretKey is "" when the state holds no usable secret; its Grants
// are nil for an unrestricted key.
type Key struct {
	backend.Key
	// Warnings say what the move could not bring along and what to do.
	Warnings []string
}

// Source is a resource type of another provider whose keys can move into
// objectstorage_access_key.
type Source struct {
	// Provider is the provider's address without its registry host, such
	// as "linode/linode": Terraform and OpenTofu name different hosts.
	Provider string
	Type     string
	// Backend is the name of the backend block that manages such keys.
	Backend string
	decode  func(raw []byte) (Key, error)
}

// Sources are every resource type a key can move from, in the order the
// docs list them.
var Sources = []Source{
	{Provider: "linode/linode", Type: "linode_object_storage_key", Backend: "linode", decode: decodeLinode},
	{Provider: "aminueza/minio", Type: "minio_iam_service_account", Backend: "minio", decode: decodeMinIOServiceAccount},
	{Provider: "aminueza/minio", Type: "minio_accesskey", Backend: "minio", decode: decodeMinIOAccessKey},
	{Provider: "glesys/glesys", Type: "glesys_objectstorage_credential", Backend: "glesys", decode: decodeGleSYS},
	{Provider: "hashicorp/aws", Type: "aws_iam_access_key", Backend: "iam", decode: decodeAWSAccessKey},
	{Provider: "digitalocean/digitalocean", Type: "digitalocean_spaces_key", Backend: "digitalocean", decode: decodeDigitalOcean},
}

// registryHosts are the registries whose addresses name the sources.
var registryHosts = []string{"registry.terraform.io", "registry.opentofu.org"}

// ErrUnknownSource is wrapped by Decode's error for a resource type, a
// provider or a schema version it does not know.
var ErrUnknownSource = errors.New("not a source this provider can move keys from")

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
func Decode(providerAddress, typeName string, schemaVersion int64, raw []byte) (Source, Key, error) {
	source, ok := Find(typeName)
	if !ok {
		return Source{}, Key{}, fmt.Errorf("%w: %s is not one of %s", ErrUnknownSource, typeName, typeList())
	}
	if !source.from(providerAddress) {
		return Source{}, Key{}, fmt.Errorf("%w: this provider moves %s from the provider %s, not from %s",
			ErrUnknownSource, typeName, source.Provider, providerAddress)
	}
	if schemaVersion != 0 {
		return Source{}, Key{}, fmt.Errorf("%w: %s state of schema version %d was written by a release of %s this provider does not know "+
			"(it reads schema version 0, the one every release up to the newest known writes)",
			ErrUnknownSource, typeName, schemaVersion, source.Provider)
	}
	key, err := source.decode(raw)
	if err != nil {
		return Source{}, Key{}, fmt.Errorf("read the %s state: %w", typeName, err)
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

// noSecret is the warning for a state that holds no usable secret.
func noSecret(typeName, why string) string {
	return fmt.Sprintf("The %s state holds no secret for this key (%s), so secret_key is null after the move. "+
		"The key keeps working for whoever holds its secret. To have Terraform hold a secret, replace the key "+
		"once moved: terraform apply -replace=<this resource's address>.", typeName, why)
}

// usableSecret is a secret from a peer's state, or "" for the values that
// stand for none.
func usableSecret(s *string) (secret string, why string) {
	switch {
	case s == nil:
		return "", "it is null"
	case *s == "":
		return "", "it is empty"
	case *s == "[REDACTED]":
		return "", "it is the literal [REDACTED] the API answers on reads"
	}
	return *s, ""
}
