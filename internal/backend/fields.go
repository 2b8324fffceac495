package backend

// Field names a part of a key as users configure it. Drivers name the field
// at fault in an InvalidInputError with these constants, and the capability
// table states per field what a change does; the provider maps each field to
// its attribute in one place.
type Field string

const (
	// FieldID is a key's id, as given to a read or an import.
	FieldID Field = "id"
	// FieldName is KeySpec.Name.
	FieldName Field = "name"
	// FieldGrants is KeySpec.Grants (and, for refusals, whether grants can
	// be given at all).
	FieldGrants Field = "grants"
	// FieldLimited is KeySpec.Limited.
	FieldLimited Field = "limited"
	// FieldRegions is KeySpec.Regions.
	FieldRegions Field = "regions"
	// FieldInstance is KeySpec.InstanceID.
	FieldInstance Field = "instance"
	// FieldEnabled is !KeySpec.Disabled.
	FieldEnabled Field = "enabled"
	// FieldExpiresAt is KeySpec.ExpiresAt.
	FieldExpiresAt Field = "expires_at"
	// FieldSecret is KeySpec.SecretKey, a secret the caller chose.
	FieldSecret Field = "secret"
)

// The fields of a grant given on its own (Keys.ValidateGrant, SetGrant).
const (
	// FieldKey is the key a grant belongs to.
	FieldKey Field = "key"
	// FieldGrantRegion is a grant's region.
	FieldGrantRegion Field = "region"
)

// Ref is how a message names a field: the provider replaces it with the
// attribute's name.
func Ref(f Field) string { return "{" + string(f) + "}" }
