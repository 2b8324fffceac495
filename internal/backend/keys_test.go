package backend_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/memory"
)

// The real backends' rows of the capability table.
var (
	capsLikeMinIO  = minio.Kind.Capabilities
	capsLikeLinode = linode.Kind.Capabilities
	capsLikeGleSYS = glesys.Kind.Capabilities
)

// The portable layer refuses what the capability table rules out, names
// the field, and never calls the driver for it.
func TestKeysRefuseInvalidSpecsBeforeTheDriver(t *testing.T) {
	tests := []struct {
		name string
		caps backend.Capabilities
		spec backend.KeySpec
		want backend.Field
	}{
		{"grants without bucket scoping", capsLikeGleSYS, backend.KeySpec{Name: "k", InstanceID: "i", Limited: true}, backend.FieldGrants},
		{"regions without key regions", capsLikeMinIO, backend.KeySpec{Name: "k", Regions: []string{"r"}}, backend.FieldRegions},
		{"instance without instances", capsLikeMinIO, backend.KeySpec{Name: "k", InstanceID: "i"}, backend.FieldInstance},
		{"no instance where keys need one", capsLikeGleSYS, backend.KeySpec{Name: "k"}, backend.FieldInstance},
		{"grant region where buckets have none", capsLikeMinIO, backend.KeySpec{Name: "k", Limited: true,
			Grants: []backend.Grant{{Bucket: "b", Permission: backend.ReadOnly, Region: "r"}}}, backend.FieldGrantRegion},
		{"no grant region where buckets have one", capsLikeLinode, backend.KeySpec{Name: "k", Limited: true,
			Grants: []backend.Grant{{Bucket: "b", Permission: backend.ReadOnly}}}, backend.FieldGrantRegion},
		{"regions without a grant's region", capsLikeLinode, backend.KeySpec{Name: "k", Limited: true, Regions: []string{"a"},
			Grants: []backend.Grant{{Bucket: "b", Permission: backend.ReadOnly, Region: "z"}}}, backend.FieldRegions},
		{"the driver's own rule", capsLikeMinIO, backend.KeySpec{Name: ""}, backend.FieldName},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			driver := memory.New(tc.caps)
			keys := backend.Open(driver)
			ctx := context.Background()
			var invalid *backend.InvalidInputError
			if _, err := keys.CreateKey(ctx, tc.spec); !errors.As(err, &invalid) || invalid.Field != tc.want {
				t.Errorf("CreateKey: want an invalid-input error on %q, got %v", tc.want, err)
			}
			if _, err := keys.UpdateKey(ctx, "mem-1", tc.spec); !errors.As(err, &invalid) || invalid.Field != tc.want {
				t.Errorf("UpdateKey: want an invalid-input error on %q, got %v", tc.want, err)
			}
			if n := driver.Calls(); n != 0 {
				t.Errorf("the driver was called %d times", n)
			}
		})
	}
}

// Valid requests pass through to the driver.
func TestKeysPassValidRequests(t *testing.T) {
	driver := memory.New(capsLikeLinode)
	keys := backend.Open(driver)
	ctx := context.Background()
	spec := backend.KeySpec{Name: "app", Limited: true, Regions: []string{"r"},
		Grants: []backend.Grant{{Bucket: "b", Permission: backend.ReadWrite, Region: "r"}}}
	if errs := keys.Validate(spec); len(errs) != 0 {
		t.Fatalf("Validate: %v", errs)
	}
	key, err := keys.CreateKey(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	got, err := keys.GetKey(ctx, key.ID)
	if err != nil || got.Name != "app" || len(got.Grants) != 1 {
		t.Fatalf("GetKey: %+v, %v", got, err)
	}
	if n := driver.Calls(); n != 2 {
		t.Errorf("the driver was called %d times, want 2", n)
	}
}

// Grant changes are refused, typed, where grants are fixed, and checked
// where they are not.
func TestKeysGrantChanges(t *testing.T) {
	ctx := context.Background()
	grant := backend.Grant{Bucket: "b", Permission: backend.ReadOnly, Region: "r"}
	fixed := memory.New(capsLikeLinode)
	var refused *backend.RefusedError
	if err := backend.Open(fixed).SetGrant(ctx, "mem-1", grant); !errors.As(err, &refused) || refused.Capability != "GrantsMutable" {
		t.Errorf("SetGrant where grants are fixed: want a GrantsMutable refusal, got %v", err)
	}
	if err := backend.Open(fixed).RemoveGrant(ctx, "mem-1", grant); !errors.As(err, &refused) {
		t.Errorf("RemoveGrant where grants are fixed: want a refusal, got %v", err)
	}
	mutable := memory.New(capsLikeMinIO)
	var invalid *backend.InvalidInputError
	if err := backend.Open(mutable).SetGrant(ctx, "mem-1", grant); !errors.As(err, &invalid) || invalid.Field != backend.FieldGrantRegion {
		t.Errorf("SetGrant with a region MinIO does not use: want an invalid region, got %v", err)
	}
	if err := backend.Open(mutable).SetGrant(ctx, "mem-1", backend.Grant{Bucket: "b", Permission: "admin"}); !errors.As(err, &invalid) || invalid.Field != backend.FieldGrants {
		t.Errorf("SetGrant with an unknown permission: want an invalid grant, got %v", err)
	}
	if n := fixed.Calls() + mutable.Calls(); n != 0 {
		t.Errorf("the drivers were called %d times", n)
	}
}

// What a change does follows the capability table, row by row.
func TestCapabilityTableEffects(t *testing.T) {
	tests := []struct {
		caps backend.Capabilities
		want map[backend.Field]backend.Effect
	}{
		{capsLikeMinIO, map[backend.Field]backend.Effect{backend.FieldName: backend.Update, backend.FieldGrants: backend.Update,
			backend.FieldLimited: backend.Update, backend.FieldRegions: backend.Refused, backend.FieldInstance: backend.Refused}},
		{capsLikeLinode, map[backend.Field]backend.Effect{backend.FieldName: backend.Update, backend.FieldGrants: backend.Replace,
			backend.FieldLimited: backend.Replace, backend.FieldRegions: backend.Update, backend.FieldInstance: backend.Refused}},
		{capsLikeGleSYS, map[backend.Field]backend.Effect{backend.FieldName: backend.Replace, backend.FieldGrants: backend.Refused,
			backend.FieldLimited: backend.Refused, backend.FieldRegions: backend.Refused, backend.FieldInstance: backend.Replace}},
	}
	for _, tc := range tests {
		for field, want := range tc.want {
			if got := tc.caps.OnChange(field); got != want {
				t.Errorf("%+v: a change of %s: got %q, want %q", tc.caps, field, got, want)
			}
		}
	}
}

// Every capability has its column in the docs' table, with the right name:
// a new yes-or-no field of Capabilities without one fails here (the others,
// such as ExpiryWithin, qualify one of them).
func TestEveryCapabilityHasAColumn(t *testing.T) {
	var fields []reflect.StructField
	for _, f := range reflect.VisibleFields(reflect.TypeFor[backend.Capabilities]()) {
		if f.Type.Kind() == reflect.Bool {
			fields = append(fields, f)
		}
	}
	if len(fields) != len(backend.Columns) {
		t.Fatalf("Capabilities has %d fields, Columns %d", len(fields), len(backend.Columns))
	}
	for i, f := range fields {
		c := backend.Columns[i]
		if c.Name != f.Name {
			t.Fatalf("column %d is %q, want %q (the order of Capabilities)", i, c.Name, f.Name)
		}
		var caps backend.Capabilities
		reflect.ValueOf(&caps).Elem().FieldByIndex(f.Index).SetBool(true)
		if !c.Has(caps) {
			t.Errorf("column %q does not read the field %s", c.Name, f.Name)
		}
	}
}
