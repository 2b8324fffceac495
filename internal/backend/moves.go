package backend

// MoveSource is a resource type of another provider whose keys can move
// into objectstorage_access_key with a moved block. A backend declares the
// sources of its keys on its Kind; the decoder lives beside its driver.
type MoveSource struct {
	// Provider is the provider's address without its registry host, such
	// as "linode/linode": Terraform and OpenTofu name different hosts.
	Provider string
	Type     string
	// SchemaVersions are the schema versions of the source's state the
	// decoder reads; nil for version 0 alone.
	SchemaVersions []int64
	// SecretAttribute, where the source's state names its secret other
	// than secret_key, secret or secretkey, is that attribute's name, for
	// the tests that check a decoder keeps only the stored secret.
	SecretAttribute string
	// SecretOf, where set, is the key's secret as the decoder derives it
	// from the stored one (R2's: the SHA-256 of the token's value).
	SecretOf func(stored string) string
	// Decode reads the source's stored state (raw JSON, of one of
	// SchemaVersions, in the source's own shape). It calls no service: Terraform moves
	// state before any provider is configured. Its errors never hold a
	// value from the state but a policy, which holds no secret.
	Decode func(raw []byte) (MovedKey, error)
}

// MovedKey is a key as a peer's state describes it, in this provider's
// terms. Its SecretKey is "" when the state holds no usable secret; its
// Grants are nil for an unrestricted key.
type MovedKey struct {
	Key
	// Warnings say what the move could not bring along and what to do.
	Warnings []string
}
