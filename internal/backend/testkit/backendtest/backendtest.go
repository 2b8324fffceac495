// Package backendtest is the conformance suite: what every backend must do,
// stated once and run for each backend through a small harness. It tests
// the two layers apart: the driver cases send the driver only valid
// requests, as the portable layer does; the portable-layer cases send
// backend.Keys over the driver what it must refuse, and check that the
// refusal is typed and that the driver was never called. A backend that
// lacks a capability says so in its Capabilities, and the suite checks the
// refusal instead of skipping.
package backendtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// Harness gives the suite a backend and what its keys need.
type Harness interface {
	// Driver is the driver under test.
	Driver() backend.Driver
	// Region is the region grants use where the backend needs one.
	Region() string
	// InstanceID is the storage instance keys belong to, where needed.
	InstanceID() string
}

// Run runs the suite. newHarness is called once per test.
func Run(t *testing.T, newHarness func(t *testing.T) Harness) {
	tests := []struct {
		name string
		run  func(t *testing.T, h Harness)
	}{
		{"CreateGetListDelete", testCreateGetListDelete},
		{"DeleteIsIdempotent", testDeleteIsIdempotent},
		{"NotFoundIsTyped", testNotFoundIsTyped},
		{"Rename", testRename},
		{"LimitedKeyGrants", testLimitedKeyGrants},
		{"EmptyGrantListReachesNoBucket", testEmptyGrantList},
		{"UpdateGrants", testUpdateGrants},
		{"KeepGrantsOnUpdate", testKeepGrants},
		{"SetAndRemoveGrant", testSetAndRemoveGrant},
		{"DisableAndEnable", testDisableAndEnable},
		{"Expiry", testExpiry},
		{"CallerChosenSecret", testCallerChosenSecret},
		{"PortableLayerRefusesBeforeTheDriver", testPortableRefusals},
		{"PortableLayerRefusesGrantChanges", testPortableGrantRefusals},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t, newHarness(t))
		})
	}
}

// UniqueName returns a key name with a random suffix, valid on every backend.
func UniqueName(t *testing.T, prefix string) string {
	t.Helper()
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return prefix + "-" + hex.EncodeToString(b)
}

type fixture struct {
	t *testing.T
	h Harness
	// b is the driver, called directly by the driver cases.
	b backend.Driver
	// keys is the portable layer over the driver, counted by calls.
	keys    *backend.Keys
	calls   *countingDriver
	caps    backend.Capabilities
	secrets []string
}

func newFixture(t *testing.T, h Harness) *fixture {
	d := h.Driver()
	calls := &countingDriver{Driver: d}
	return &fixture{t: t, h: h, b: d, keys: backend.Open(calls), calls: calls, caps: d.Capabilities()}
}

// spec is a key with no grant: unrestricted, or limited to no bucket on a
// backend without unrestricted keys.
func (f *fixture) spec(name string) backend.KeySpec {
	return backend.KeySpec{Name: name, InstanceID: f.h.InstanceID(), Limited: f.caps.LimitedOnly}
}

func (f *fixture) grant(bucket string, p backend.Permission) backend.Grant {
	g := backend.Grant{Bucket: bucket, Permission: p}
	if f.caps.GrantRegions {
		g.Region = f.h.Region()
	}
	return g
}

// create makes a key, checks what every create must return and deletes the
// key when the test ends.
func (f *fixture) create(spec backend.KeySpec) backend.Key {
	f.t.Helper()
	ctx := context.Background()
	key, err := f.b.CreateKey(ctx, spec)
	f.noError(err, "create key")
	if key.ID == "" || key.AccessKey == "" || key.SecretKey == "" {
		f.t.Fatalf("create returned an incomplete key: id %q, access key %q, secret set %v", key.ID, key.AccessKey, key.SecretKey != "")
	}
	f.secrets = append(f.secrets, key.SecretKey)
	f.t.Cleanup(func() {
		if err := f.b.DeleteKey(context.Background(), key.ID); err != nil {
			f.t.Errorf("clean up key %s: %v", key.ID, f.redact(err))
		}
	})
	return key
}

func (f *fixture) get(id string) backend.Key {
	f.t.Helper()
	key, err := f.b.GetKey(context.Background(), id)
	f.noError(err, "get key")
	if key.SecretKey != "" && !f.caps.SecretReadable {
		f.t.Errorf("get returned a secret, but the backend says secrets are not readable later")
	}
	return key
}

// noError fails on err, and on any error that carries a secret seen so far.
func (f *fixture) noError(err error, what string) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("%s: %v", what, f.redact(err))
	}
}

// checkNoSecret fails when an error message carries a secret.
func (f *fixture) checkNoSecret(err error) {
	f.t.Helper()
	if err == nil {
		return
	}
	for _, s := range f.secrets {
		if strings.Contains(err.Error(), s) {
			f.t.Errorf("an error message carries a key's secret")
		}
	}
}

func (f *fixture) redact(err error) string {
	msg := err.Error()
	for _, s := range f.secrets {
		msg = strings.ReplaceAll(msg, s, "<secret>")
	}
	return msg
}

func (f *fixture) expectGrants(id string, want ...backend.Grant) {
	f.t.Helper()
	got := f.get(id)
	if !got.Limited {
		f.t.Fatalf("key %s is not limited", id)
	}
	backend.SortGrants(want)
	if !slices.Equal(got.Grants, want) { // nil and empty are equal
		f.t.Fatalf("grants of %s: got %v, want %v", id, got.Grants, want)
	}
}

func testCreateGetListDelete(t *testing.T, h Harness) {
	f := newFixture(t, h)
	ctx := context.Background()
	name := UniqueName(t, "conf")
	key := f.create(f.spec(name))

	got := f.get(key.ID)
	if got.ID != key.ID || got.Name != name || got.AccessKey != key.AccessKey || got.Limited != f.caps.LimitedOnly {
		t.Fatalf("get: got %+v, want id %s, name %s, access key %s, limited %v", Redacted(got), key.ID, name, key.AccessKey, f.caps.LimitedOnly)
	}
	if f.caps.SecretReadable && got.SecretKey != key.SecretKey {
		t.Errorf("the backend says secrets are readable later, but get did not return the created one")
	}

	keys, err := f.b.ListKeys(ctx)
	f.noError(err, "list keys")
	if !slices.ContainsFunc(keys, func(k backend.Key) bool { return k.ID == key.ID && k.Name == name }) {
		t.Fatalf("list does not contain key %s named %s", key.ID, name)
	}

	f.noError(f.b.DeleteKey(ctx, key.ID), "delete key")
	_, err = f.b.GetKey(ctx, key.ID)
	if !backend.IsNotFound(err) {
		t.Fatalf("get after delete: want a not-found error, got %v", err)
	}
	f.checkNoSecret(err)
}

func testDeleteIsIdempotent(t *testing.T, h Harness) {
	f := newFixture(t, h)
	ctx := context.Background()
	key := f.create(f.spec(UniqueName(t, "conf")))
	f.noError(f.b.DeleteKey(ctx, key.ID), "delete key")
	f.noError(f.b.DeleteKey(ctx, key.ID), "delete a key already gone")
}

func testNotFoundIsTyped(t *testing.T, h Harness) {
	f := newFixture(t, h)
	ctx := context.Background()
	// A key that existed has an id of the service's own shape.
	key := f.create(f.spec(UniqueName(t, "conf")))
	f.noError(f.b.DeleteKey(ctx, key.ID), "delete key")
	_, err := f.b.GetKey(ctx, key.ID)
	if !backend.IsNotFound(err) {
		t.Fatalf("get of a deleted key: want a not-found error, got %v", err)
	}
	if f.caps.RenameInPlace {
		_, err = f.b.UpdateKey(ctx, key.ID, f.spec(UniqueName(t, "renamed")))
		if !backend.IsNotFound(err) {
			t.Fatalf("update of a deleted key: want a not-found error, got %v", err)
		}
	}
}

func testRename(t *testing.T, h Harness) {
	f := newFixture(t, h)
	if !f.caps.RenameInPlace {
		t.Skip("the backend replaces keys to rename them")
	}
	key := f.create(f.spec(UniqueName(t, "conf")))
	newName := UniqueName(t, "renamed")
	spec := f.spec(newName)
	_, err := f.b.UpdateKey(context.Background(), key.ID, spec)
	f.noError(err, "rename key")
	if got := f.get(key.ID); got.Name != newName || got.Limited != f.caps.LimitedOnly {
		t.Fatalf("after rename: got name %q limited %v, want %q limited %v", got.Name, got.Limited, newName, f.caps.LimitedOnly)
	}
}

// testDisableAndEnable: a key made switched off reads as off, and an
// update switches it on and off again, keeping its grants.
func testDisableAndEnable(t *testing.T, h Harness) {
	f := newFixture(t, h)
	if !f.caps.Disable {
		t.Skip("the backend cannot switch keys off; PortableLayerRefusesBeforeTheDriver checks the refusal")
	}
	spec := f.spec(UniqueName(t, "conf"))
	spec.Disabled = true
	if f.caps.BucketScoping {
		spec.Limited, spec.Grants = true, []backend.Grant{f.grant("conf-a", backend.ReadOnly)}
	}
	key := f.create(spec)
	if !key.Disabled || !f.get(key.ID).Disabled {
		t.Fatalf("a key made switched off reads as on")
	}
	for _, disabled := range []bool{false, true} {
		if spec.Limited {
			f.expectGrants(key.ID, spec.Grants...)
		}
		spec.Disabled = disabled
		_, err := f.b.UpdateKey(context.Background(), key.ID, spec)
		f.noError(err, "switch the key")
		if got := f.get(key.ID); got.Disabled != disabled {
			t.Fatalf("after an update to disabled=%v the key reads disabled=%v", disabled, got.Disabled)
		}
	}
}

// testExpiry: an expiry set at creation reads back, changes in place and
// can be removed.
func testExpiry(t *testing.T, h Harness) {
	f := newFixture(t, h)
	if !f.caps.Expiry {
		t.Skip("the backend has no expiry; PortableLayerRefusesBeforeTheDriver checks the refusal")
	}
	// Whole seconds: services keep expiries to the second.
	at := time.Now().Add(f.caps.ExpiryWithin.Min + time.Hour).UTC().Truncate(time.Second)
	spec := f.spec(UniqueName(t, "conf"))
	spec.ExpiresAt = at
	key := f.create(spec)
	got := f.get(key.ID).ExpiresAt
	if f.caps.ExpiryFixed {
		// A service that takes a duration counts it from its own clock.
		if got.Sub(at).Abs() > time.Minute {
			t.Fatalf("expiry read back as %v, want within a minute of %v", got, at)
		}
		return
	}
	if !got.Equal(at) {
		t.Fatalf("expiry read back as %v, want %v", got, at)
	}
	for _, want := range []time.Time{at.Add(24 * time.Hour), {}} {
		spec.ExpiresAt = want
		_, err := f.b.UpdateKey(context.Background(), key.ID, spec)
		f.noError(err, "change the expiry")
		if got := f.get(key.ID).ExpiresAt; !got.Equal(want) {
			t.Fatalf("after an update to %v the expiry reads %v", want, got)
		}
	}
}

// testCallerChosenSecret: a key made with the caller's secret carries it,
// and an update with another secret keeps the key.
func testCallerChosenSecret(t *testing.T, h Harness) {
	f := newFixture(t, h)
	if !f.caps.CallerChosenSecret {
		t.Skip("the backend makes every secret itself; PortableLayerRefusesBeforeTheDriver checks the refusal")
	}
	spec := f.spec(UniqueName(t, "conf"))
	spec.SecretKey = "conformance-chosen-" + UniqueName(t, "s")
	key := f.create(spec)
	if key.SecretKey != spec.SecretKey {
		t.Fatalf("the create did not keep the caller's secret")
	}
	spec.SecretKey = "conformance-chosen-" + UniqueName(t, "t")
	f.secrets = append(f.secrets, spec.SecretKey)
	_, err := f.b.UpdateKey(context.Background(), key.ID, spec)
	f.noError(err, "give the key a new secret")
	if got := f.get(key.ID); got.ID != key.ID || got.AccessKey != key.AccessKey {
		t.Fatalf("after a new secret the key reads as %s, want %s", got.ID, key.ID)
	}
}

func testLimitedKeyGrants(t *testing.T, h Harness) {
	f := newFixture(t, h)
	if !f.caps.BucketScoping {
		t.Skip("the backend has no per-bucket permissions; PortableLayerRefusesBeforeTheDriver checks the refusal")
	}
	grants := []backend.Grant{f.grant("conf-b", backend.ReadWrite), f.grant("conf-a", backend.ReadOnly)}
	spec := f.spec(UniqueName(t, "conf"))
	spec.Limited, spec.Grants = true, grants
	if f.caps.OnePermission {
		// A key holds one permission for all its buckets: mixed grants are
		// refused before the driver, and a key grants one.
		expectInvalid(t, f, spec, backend.FieldGrants)
		grants = []backend.Grant{f.grant("conf-b", backend.ReadWrite), f.grant("conf-a", backend.ReadWrite)}
		spec.Grants = grants
	}
	key := f.create(spec)
	f.expectGrants(key.ID, grants...)

	if f.caps.RenameInPlace {
		// A rename must keep the grants (MinIO drops a policy an update does not resend).
		spec.Name = UniqueName(t, "renamed")
		_, err := f.b.UpdateKey(context.Background(), key.ID, spec)
		f.noError(err, "rename limited key")
		f.expectGrants(key.ID, grants...)
	}
}

func testEmptyGrantList(t *testing.T, h Harness) {
	f := newFixture(t, h)
	if !f.caps.BucketScoping {
		t.Skip("the backend has no per-bucket permissions; PortableLayerRefusesBeforeTheDriver checks the refusal")
	}
	spec := f.spec(UniqueName(t, "conf"))
	spec.Limited = true
	if errs := f.keys.Validate(spec); slices.ContainsFunc(errs, func(e backend.InvalidInputError) bool { return e.Field == backend.FieldGrants }) {
		t.Skipf("the backend refuses a key with no bucket at plan time: %s", errs[0].Detail)
	}
	key := f.create(spec)
	f.expectGrants(key.ID)
}

func testUpdateGrants(t *testing.T, h Harness) {
	f := newFixture(t, h)
	if !f.caps.GrantsMutable {
		t.Skip("the backend replaces keys to change their grants; PortableLayerRefusesGrantChanges checks the refusal")
	}
	ctx := context.Background()
	spec := f.spec(UniqueName(t, "conf"))
	spec.Limited, spec.Grants = true, []backend.Grant{f.grant("conf-a", backend.ReadOnly)}
	key := f.create(spec)

	spec.Grants = []backend.Grant{f.grant("conf-a", backend.ReadWrite), f.grant("conf-c", backend.ReadOnly)}
	_, err := f.b.UpdateKey(ctx, key.ID, spec)
	f.noError(err, "update grants")
	f.expectGrants(key.ID, spec.Grants...)

	if !f.caps.LimitedOnly {
		unrestricted := f.spec(spec.Name)
		_, err = f.b.UpdateKey(ctx, key.ID, unrestricted)
		f.noError(err, "make key unrestricted")
		if got := f.get(key.ID); got.Limited || len(got.Grants) != 0 {
			t.Fatalf("after making it unrestricted: limited %v, grants %v", got.Limited, got.Grants)
		}
	}

	spec.Grants = nil
	_, err = f.b.UpdateKey(ctx, key.ID, spec)
	f.noError(err, "limit key to no bucket")
	f.expectGrants(key.ID)
}

// testKeepGrants: an update that keeps the grants (a rename of a key whose
// grants are managed elsewhere) leaves them as they are.
func testKeepGrants(t *testing.T, h Harness) {
	f := newFixture(t, h)
	if !f.caps.BucketScoping || !f.caps.RenameInPlace {
		t.Skip("the backend has no grants to keep, or replaces keys to rename them")
	}
	ctx := context.Background()
	spec := f.spec(UniqueName(t, "conf"))
	spec.Limited, spec.Grants = true, []backend.Grant{f.grant("conf-a", backend.ReadOnly)}
	key := f.create(spec)

	keep := f.spec(UniqueName(t, "renamed"))
	keep.Limited, keep.KeepGrants = true, true
	_, err := f.b.UpdateKey(ctx, key.ID, keep)
	f.noError(err, "rename keeping grants")
	f.expectGrants(key.ID, spec.Grants...)
	if got := f.get(key.ID); got.Name != keep.Name {
		t.Fatalf("after a rename keeping grants: name %q, want %q", got.Name, keep.Name)
	}
	if !f.caps.GrantsMutable {
		return // making the key unrestricted, below, replaces it
	}

	// An unrestricted key that becomes limited without grants of its own
	// reaches no bucket.
	_, err = f.b.UpdateKey(ctx, key.ID, f.spec(keep.Name))
	f.noError(err, "make key unrestricted")
	_, err = f.b.UpdateKey(ctx, key.ID, keep)
	f.noError(err, "limit key keeping grants")
	f.expectGrants(key.ID)
}

func testSetAndRemoveGrant(t *testing.T, h Harness) {
	f := newFixture(t, h)
	if !f.caps.GrantsMutable {
		t.Skip("the backend's grants are fixed at creation; PortableLayerRefusesGrantChanges checks the refusal")
	}
	ctx := context.Background()
	spec := f.spec(UniqueName(t, "conf"))
	spec.Limited, spec.Grants = true, []backend.Grant{f.grant("conf-a", backend.ReadOnly)}
	key := f.create(spec)

	f.noError(f.b.SetGrant(ctx, key.ID, f.grant("conf-b", backend.ReadWrite)), "set grant")
	f.expectGrants(key.ID, f.grant("conf-a", backend.ReadOnly), f.grant("conf-b", backend.ReadWrite))

	f.noError(f.b.SetGrant(ctx, key.ID, f.grant("conf-a", backend.ReadWrite)), "change grant")
	f.expectGrants(key.ID, f.grant("conf-a", backend.ReadWrite), f.grant("conf-b", backend.ReadWrite))

	f.noError(f.b.RemoveGrant(ctx, key.ID, f.grant("conf-a", backend.ReadWrite)), "remove grant")
	f.expectGrants(key.ID, f.grant("conf-b", backend.ReadWrite))
	f.noError(f.b.RemoveGrant(ctx, key.ID, f.grant("conf-a", backend.ReadWrite)), "remove a grant already gone")

	f.noError(f.b.DeleteKey(ctx, key.ID), "delete key")
	f.noError(f.b.RemoveGrant(ctx, key.ID, f.grant("conf-b", backend.ReadWrite)), "remove a grant of a key already gone")
	err := f.b.SetGrant(ctx, key.ID, f.grant("conf-b", backend.ReadWrite))
	if !backend.IsNotFound(err) {
		t.Fatalf("set grant on a missing key: want a not-found error, got %v", err)
	}
}

// testPortableRefusals: what the capability table or the driver's own
// rules refuse comes back from the portable layer as an invalid-input error
// naming the field, and the driver is never called.
func testPortableRefusals(t *testing.T, h Harness) {
	f := newFixture(t, h)
	instance := h.InstanceID()
	expectInvalid(t, f, backend.KeySpec{Name: "", InstanceID: instance, Limited: f.caps.LimitedOnly}, backend.FieldName)
	if !f.caps.BucketScoping {
		expectInvalid(t, f, backend.KeySpec{Name: "conf-limited", Limited: true, InstanceID: instance}, backend.FieldGrants)
	}
	if !f.caps.KeyRegions {
		expectInvalid(t, f, backend.KeySpec{Name: "conf-key", Regions: []string{"somewhere"}, InstanceID: instance}, backend.FieldRegions)
	}
	if !f.caps.Disable {
		expectInvalid(t, f, backend.KeySpec{Name: "conf-key", Disabled: true, InstanceID: instance}, backend.FieldEnabled)
	}
	if !f.caps.Expiry {
		expectInvalid(t, f, backend.KeySpec{Name: "conf-key", ExpiresAt: time.Now().Add(time.Hour), InstanceID: instance}, backend.FieldExpiresAt)
	}
	if !f.caps.CallerChosenSecret {
		expectInvalid(t, f, backend.KeySpec{Name: "conf-key", SecretKey: "conformance-chosen-1", InstanceID: instance}, backend.FieldSecret)
	}
	if f.caps.InstanceScoped {
		expectInvalid(t, f, backend.KeySpec{Name: "conf-key"}, backend.FieldInstance)
	} else {
		expectInvalid(t, f, backend.KeySpec{Name: "conf-key", InstanceID: "instance-1"}, backend.FieldInstance)
	}
	if errs := f.keys.Validate(f.spec("conf-valid-name")); len(errs) != 0 {
		t.Errorf("a plain valid key was refused: %v", errs)
	}

	var invalid *backend.InvalidInputError
	if _, err := f.keys.GetKey(context.Background(), ""); !errors.As(err, &invalid) || invalid.Field != backend.FieldID {
		t.Errorf("GetKey of an empty id: want an invalid-input error on the id, got %v", err)
	}
	if n := f.calls.count.Load(); n != 0 {
		t.Errorf("the driver was called %d times for requests the portable layer refuses", n)
	}
}

// testPortableGrantRefusals: on a backend whose grants are fixed, a change
// of one grant is refused, typed, before the driver is called.
func testPortableGrantRefusals(t *testing.T, h Harness) {
	f := newFixture(t, h)
	if f.caps.GrantsMutable {
		if err := f.keys.GrantRefusal(); err != nil {
			t.Fatalf("GrantRefusal on a backend with GrantsMutable: %v", err)
		}
		return
	}
	ctx := context.Background()
	grant := f.grant("conf-a", backend.ReadOnly)
	for what, err := range map[string]error{
		"GrantRefusal": f.keys.GrantRefusal(),
		"SetGrant":     f.keys.SetGrant(ctx, "some-key", grant),
		"RemoveGrant":  f.keys.RemoveGrant(ctx, "some-key", grant),
	} {
		var refused *backend.RefusedError
		if !errors.As(err, &refused) || refused.Capability != "GrantsMutable" {
			t.Errorf("%s: want a refusal for lack of GrantsMutable, got %v", what, err)
		}
	}
	if n := f.calls.count.Load(); n != 0 {
		t.Errorf("the driver was called %d times for grant changes the portable layer refuses", n)
	}
}

func expectInvalid(t *testing.T, f *fixture, spec backend.KeySpec, field backend.Field) {
	t.Helper()
	errs := f.keys.Validate(spec)
	if !slices.ContainsFunc(errs, func(e backend.InvalidInputError) bool { return e.Field == field }) {
		t.Errorf("Validate of key %q: want an error on %q, got %v", spec.Name, field, errs)
	}
	var invalid *backend.InvalidInputError
	key, err := f.keys.CreateKey(context.Background(), spec)
	if !errors.As(err, &invalid) {
		t.Errorf("CreateKey(%+v): want an invalid-input error before any call, got %v", spec, err)
	}
	if err == nil {
		_ = f.b.DeleteKey(context.Background(), key.ID)
	}
}

// Redacted is a key without its secret, for test messages.
func Redacted(k backend.Key) backend.Key {
	if k.SecretKey != "" {
		k.SecretKey = "<secret>"
	}
	return k
}

// Driven is the Harness of a driver whose grants name Grants' region (or
// none) and whose keys belong to Instance (or none).
type Driven struct {
	D           backend.Driver
	GrantRegion string
	Instance    string
}

func (h Driven) Driver() backend.Driver { return h.D }
func (h Driven) Region() string         { return h.GrantRegion }
func (h Driven) InstanceID() string     { return h.Instance }
