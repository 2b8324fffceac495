package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// attributeOf names the attribute that holds each field of the portable
// layer: the one place where backend fields become Terraform names.
var attributeOf = map[backend.Field]string{
	backend.FieldID:          "id",
	backend.FieldName:        "name",
	backend.FieldGrants:      "bucket_access",
	backend.FieldLimited:     "limited",
	backend.FieldRegions:     "regions",
	backend.FieldInstance:    "instance_id",
	backend.FieldEnabled:     "enabled",
	backend.FieldExpiresAt:   "expires_at",
	backend.FieldSecret:      "secret_key_wo",
	backend.FieldKey:         "key_id",
	backend.FieldGrantRegion: "region",
}

// AttributeOf is the attribute of the access-key resource that holds a
// field, for the generated docs.
func AttributeOf(f backend.Field) string { return attributeOf[f] }

// attributeNames puts attribute names where messages name fields with
// backend.Ref; markdownNames puts them as Markdown code, for generated
// descriptions.
var (
	attributeNames = refReplacer("%s")
	markdownNames  = refReplacer("`%s`")
)

// refReplacer replaces each field's backend.Ref with its attribute's name
// written with format.
func refReplacer(format string) *strings.Replacer {
	var pairs []string
	for f, name := range attributeOf {
		pairs = append(pairs, backend.Ref(f), fmt.Sprintf(format, name))
	}
	return strings.NewReplacer(pairs...)
}

// fieldPaths says where a resource shows an error on a field: at the
// field's own attribute unless the resource holds it inside another.
type fieldPaths map[backend.Field]string

// accessKeyPaths: the access-key resource holds a grant's region inside
// bucket_access.
var accessKeyPaths = fieldPaths{backend.FieldGrantRegion: "bucket_access"}

func (p fieldPaths) of(f backend.Field) path.Path {
	if name, ok := p[f]; ok {
		return path.Root(name)
	}
	return path.Root(attributeOf[f])
}

// value is the model's value of a field the capability table rules on.
func (m accessKeyModel) value(f backend.Field) attr.Value {
	switch f {
	case backend.FieldName:
		return m.Name
	case backend.FieldGrants:
		return m.BucketAccess
	case backend.FieldLimited:
		return m.Limited
	case backend.FieldRegions:
		return m.Regions
	case backend.FieldInstance:
		return m.InstanceID
	case backend.FieldEnabled:
		return m.Enabled
	case backend.FieldExpiresAt:
		return m.ExpiresAt
	case backend.FieldSecret:
		// The secret itself never reaches plan or state: its version
		// says when it changes.
		return m.SecretKeyWOVersion
	}
	panic("the access-key model has no attribute for field " + string(f))
}

func hasGrantRegions(c backend.Capabilities) bool { return c.GrantRegions }

func hasKeyRegions(c backend.Capabilities) bool { return c.KeyRegions }

func isInstanceScoped(c backend.Capabilities) bool { return c.InstanceScoped }

func grantsMutable(c backend.Capabilities) bool { return c.BucketScoping && c.GrantsMutable }

func grantsFixed(c backend.Capabilities) bool { return c.BucketScoping && !c.GrantsMutable }

func noBucketScoping(c backend.Capabilities) bool { return !c.BucketScoping }

func hasExpiry(c backend.Capabilities) bool { return c.Expiry }
