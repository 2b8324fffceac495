package backend

import "context"

// Keys is the portable layer over one driver: every request is checked here,
// once, before the driver is called, so a driver sees only valid requests
// and a caller gets the same typed errors from every service.
type Keys struct {
	kind   Kind
	driver Driver
	caps   Capabilities
}

// Open puts the portable layer over a driver whose Kind does not matter to
// the caller, as in a driver's own tests: Kind is then the zero Kind.
func Open(d Driver) *Keys {
	return &Keys{driver: d, caps: d.Capabilities()}
}

// OpenAs puts the portable layer over a driver that kind opened. The
// provider knows which backend it runs from kind, never from the
// capability row, which two services may share.
func OpenAs(kind Kind, d Driver) *Keys {
	return &Keys{kind: kind, driver: d, caps: d.Capabilities()}
}

// Kind is the backend the driver belongs to.
func (k *Keys) Kind() Kind { return k.kind }

// Capabilities is the driver's row of the capability table.
func (k *Keys) Capabilities() Capabilities { return k.caps }

// Validate reports everything in spec the backend would refuse: what the
// capability table rules out, then the driver's own rules.
func (k *Keys) Validate(spec KeySpec) []InvalidInputError {
	return append(k.caps.Check(spec), k.driver.ValidateKey(spec)...)
}

// ValidateID checks that id has the shape of the backend's key ids; the
// error is a *InvalidInputError on FieldID.
func (k *Keys) ValidateID(id string) error {
	if invalid := k.driver.ValidateID(id); invalid != nil {
		return invalid
	}
	return nil
}

// GrantRefusal is a *RefusedError when grants cannot be set one by one on
// an existing key, and nil when they can.
func (k *Keys) GrantRefusal() error {
	if !k.caps.GrantsMutable {
		return GrantChangeRefused()
	}
	return nil
}

// CreateKey creates a valid key; see Driver.CreateKey.
func (k *Keys) CreateKey(ctx context.Context, spec KeySpec) (Key, error) {
	if err := k.firstInvalid(spec); err != nil {
		return Key{}, err
	}
	return k.driver.CreateKey(ctx, spec)
}

// GetKey reads one key; see Driver.GetKey.
func (k *Keys) GetKey(ctx context.Context, id string) (Key, error) {
	if err := k.ValidateID(id); err != nil {
		return Key{}, err
	}
	return k.driver.GetKey(ctx, id)
}

// ListKeys lists every key; see Driver.ListKeys.
func (k *Keys) ListKeys(ctx context.Context) ([]Key, error) {
	return k.driver.ListKeys(ctx)
}

// UpdateKey changes a key in place; see Driver.UpdateKey.
func (k *Keys) UpdateKey(ctx context.Context, id string, spec KeySpec) (Key, error) {
	if err := k.ValidateID(id); err != nil {
		return Key{}, err
	}
	if err := k.firstInvalid(spec); err != nil {
		return Key{}, err
	}
	return k.driver.UpdateKey(ctx, id, spec)
}

// DeleteKey revokes a key; see Driver.DeleteKey.
func (k *Keys) DeleteKey(ctx context.Context, id string) error {
	if err := k.ValidateID(id); err != nil {
		return err
	}
	return k.driver.DeleteKey(ctx, id)
}

// SetGrant sets one grant of a key; see Driver.SetGrant.
func (k *Keys) SetGrant(ctx context.Context, keyID string, grant Grant) error {
	if err := k.checkGrant(keyID, grant); err != nil {
		return err
	}
	return k.driver.SetGrant(ctx, keyID, grant)
}

// RemoveGrant removes one grant of a key; see Driver.RemoveGrant.
func (k *Keys) RemoveGrant(ctx context.Context, keyID string, grant Grant) error {
	if err := k.checkGrant(keyID, grant); err != nil {
		return err
	}
	return k.driver.RemoveGrant(ctx, keyID, grant)
}

// ValidateGrant reports what the capability table refuses in a grant given
// on its own: a region where the backend has none, or none where it needs
// one.
func (k *Keys) ValidateGrant(grant Grant) []InvalidInputError {
	return grantRegionRules(k.caps, KeySpec{Grants: []Grant{grant}})
}

func (k *Keys) checkGrant(keyID string, grant Grant) error {
	if err := k.GrantRefusal(); err != nil {
		return err
	}
	if err := k.ValidateID(keyID); err != nil {
		return err
	}
	if errs := k.ValidateGrant(grant); len(errs) > 0 {
		return &errs[0]
	}
	if _, err := grant.Permission.Actions(); err != nil {
		return &InvalidInputError{Field: FieldGrants, Detail: err.Error()}
	}
	return nil
}

func (k *Keys) firstInvalid(spec KeySpec) error {
	if errs := k.Validate(spec); len(errs) > 0 {
		return &errs[0]
	}
	return nil
}
