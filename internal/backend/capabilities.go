package backend

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Capabilities is a backend's row of the capability table. The provider
// plans by it (update in place, replace, or refuse at plan time), the
// portable layer refuses by it, and the docs' tables are generated from it;
// nothing switches on a backend's name.
//
// Adding a capability: a field here, its line in Columns, its effect in
// Rules, and the backends that have it set it to true.
type Capabilities struct {
	// BucketScoping: keys can be limited to buckets with per-bucket grants.
	BucketScoping bool

	// GrantsMutable: a key's grants (and whether it is limited) can change
	// after creation. Without it such a change replaces the key, and
	// standalone grant resources are refused.
	GrantsMutable bool

	// RenameInPlace: a key's name can change without replacing it.
	RenameInPlace bool

	// SecretReadable: the service can reveal a key's secret after creation,
	// so import recovers it.
	SecretReadable bool

	// CallerChosenAccessKey: the caller picks the access key, which makes a
	// retried create idempotent.
	CallerChosenAccessKey bool

	// GrantRegions: every grant names its bucket's region (required);
	// without it a region is refused.
	GrantRegions bool

	// KeyRegions: keys carry a set of regions they may be used in.
	KeyRegions bool

	// InstanceScoped: keys belong to a storage instance (required); without
	// it an instance is refused.
	InstanceScoped bool

	// Disable: a key can be switched off and on again without revoking it.
	Disable bool

	// Expiry: the service itself stops honouring a key at a set time, which
	// can change in place; ExpiryWithin bounds how far ahead it may lie.
	Expiry       bool
	ExpiryWithin Lifetimes

	// ReportsCreation: the service says when it made a key.
	ReportsCreation bool

	// CallerChosenSecret: the caller may bring a key's secret, and give it
	// a new one in place.
	CallerChosenSecret bool

	// LimitedOnly: the service has no key that reaches every bucket; every
	// key is limited to the buckets of its grants, and an unrestricted key
	// is refused at plan time.
	LimitedOnly bool

	// ExpiryFixed: with Expiry, the expiry is set when a key is made and
	// cannot change; a change replaces the key.
	ExpiryFixed bool

	// OnePermission: a key holds one permission for every bucket it
	// names, so grants that mix read_only and read_write are refused at
	// plan time.
	OnePermission bool
}

// Lifetimes bound how far ahead of now a service accepts an expiry.
type Lifetimes struct{ Min, Max time.Duration }

// String says the bounds the way the docs and errors do.
func (l Lifetimes) String() string {
	return SpellDuration(l.Min) + " to " + SpellDuration(l.Max) + " ahead"
}

// Column describes one capability for the docs' backend table.
type Column struct {
	Name string // the field of Capabilities
	Doc  string // the row's label in the docs
	Has  func(Capabilities) bool
}

// Columns lists every capability, in the order the docs show them.
var Columns = []Column{
	{"BucketScoping", "per-bucket permissions", func(c Capabilities) bool { return c.BucketScoping }},
	{"GrantsMutable", "grants change in place (and `objectstorage_bucket_access` works)", func(c Capabilities) bool { return c.GrantsMutable }},
	{"RenameInPlace", "rename in place", func(c Capabilities) bool { return c.RenameInPlace }},
	{"SecretReadable", "secret readable after creation (import recovers it)", func(c Capabilities) bool { return c.SecretReadable }},
	{"CallerChosenAccessKey", "access key chosen by the provider (a retried create is idempotent)", func(c Capabilities) bool { return c.CallerChosenAccessKey }},
	{"GrantRegions", "grants name their bucket's region", func(c Capabilities) bool { return c.GrantRegions }},
	{"KeyRegions", "keys carry regions", func(c Capabilities) bool { return c.KeyRegions }},
	{"InstanceScoped", "keys belong to a storage instance", func(c Capabilities) bool { return c.InstanceScoped }},
	{"Disable", "disable without revoking (`enabled`)", func(c Capabilities) bool { return c.Disable }},
	{"Expiry", "server-side expiry (`expires_at`)", func(c Capabilities) bool { return c.Expiry }},
	{"ReportsCreation", "says when a key was made (`created_at`)", func(c Capabilities) bool { return c.ReportsCreation }},
	{"CallerChosenSecret", "caller-chosen secret (`secret_key_wo`)", func(c Capabilities) bool { return c.CallerChosenSecret }},
	{"LimitedOnly", "every key limited to its buckets (no unrestricted key)", func(c Capabilities) bool { return c.LimitedOnly }},
	{"ExpiryFixed", "expiry fixed when the key is made (a change replaces it)", func(c Capabilities) bool { return c.ExpiryFixed }},
	{"OnePermission", "one permission for all of a key's buckets", func(c Capabilities) bool { return c.OnePermission }},
}

// Effect is what a change of a field does to an existing key.
type Effect string

const (
	// Update changes the key in place: same access key and secret.
	Update Effect = "update"
	// Replace makes a new key and revokes the old one.
	Replace Effect = "replace"
	// Refused means the backend takes no value for the field at all; a
	// value is refused at plan time.
	Refused Effect = "refused at plan time"
)

// Rule is one row of the capability table: what a field of a key needs from
// a backend and what changing it does.
type Rule struct {
	Field Field
	// OnChange is what changing the field does on a backend with c.
	OnChange func(c Capabilities) Effect
	// Given reports whether spec sets the field; a backend where OnChange
	// is Refused refuses it with Refusal. Nil for a field that is never
	// refused by itself.
	Given   func(spec KeySpec) bool
	Refusal string
	// Also reports what else about the field c refuses in spec.
	Also func(c Capabilities, spec KeySpec) []InvalidInputError
}

// Rules is the capability table: one row per field, in the docs' order.
var Rules = []Rule{
	{
		Field:    FieldName,
		OnChange: func(c Capabilities) Effect { return pick(c.RenameInPlace, Update, Replace) },
	},
	{
		Field:    FieldGrants,
		OnChange: grantsChange,
		// A limited key has grants, if only none.
		Given:   func(spec KeySpec) bool { return spec.Limited },
		Refusal: "This backend has no per-bucket permissions: every key reaches every bucket, so " + Ref(FieldGrants) + " and " + Ref(FieldLimited) + " cannot be set.",
		Also: func(c Capabilities, spec KeySpec) []InvalidInputError {
			errs := append(grantRegionRules(c, spec), onePermissionRule(c, spec)...)
			if c.LimitedOnly && !spec.Limited {
				errs = append(errs, InvalidInputError{FieldGrants, "This backend has no key that reaches every bucket: a key " +
					"reaches only the buckets it is allowed on. List the buckets in " + Ref(FieldGrants) + " (" + Ref(FieldGrants) +
					" = [] for a key that reaches none yet), or set " + Ref(FieldLimited) + " = true and grant them with " +
					"objectstorage_bucket_access."})
			}
			return errs
		},
	},
	{
		// Refused together with grants, above.
		Field:    FieldLimited,
		OnChange: grantsChange,
	},
	{
		Field:    FieldRegions,
		OnChange: func(c Capabilities) Effect { return pick(c.KeyRegions, Update, Refused) },
		Given:    func(spec KeySpec) bool { return len(spec.Regions) > 0 },
		Refusal:  "This backend does not scope keys by region: remove " + Ref(FieldRegions) + ".",
		Also:     keyRegionRules,
	},
	{
		Field:    FieldInstance,
		OnChange: func(c Capabilities) Effect { return pick(c.InstanceScoped, Replace, Refused) },
		Given:    func(spec KeySpec) bool { return spec.InstanceID != "" },
		Refusal:  "This backend has no storage instances: remove " + Ref(FieldInstance) + ".",
		Also: func(c Capabilities, spec KeySpec) []InvalidInputError {
			if c.InstanceScoped && spec.InstanceID == "" {
				return []InvalidInputError{{FieldInstance, "This backend groups keys by storage instance: set " + Ref(FieldInstance) + "."}}
			}
			return nil
		},
	},
	{
		Field:    FieldEnabled,
		OnChange: func(c Capabilities) Effect { return pick(c.Disable, Update, Refused) },
		Given:    func(spec KeySpec) bool { return spec.Disabled },
		Refusal: "This backend cannot switch a key off and on again: remove " + Ref(FieldEnabled) + " or set it to true. " +
			"To stop a key for good, remove its resource, which revokes it.",
	},
	{
		Field:    FieldExpiresAt,
		OnChange: func(c Capabilities) Effect { return pick(c.Expiry, pick(c.ExpiryFixed, Replace, Update), Refused) },
		Given:    func(spec KeySpec) bool { return !spec.ExpiresAt.IsZero() },
		Refusal:  "This backend has no expiry for keys: remove " + Ref(FieldExpiresAt) + ".",
	},
	{
		Field:    FieldSecret,
		OnChange: func(c Capabilities) Effect { return pick(c.CallerChosenSecret, Update, Refused) },
		Given:    func(spec KeySpec) bool { return spec.SecretKey != "" },
		Refusal: "This backend makes every key's secret itself and shows it once: remove " + Ref(FieldSecret) +
			" and read the secret from secret_key.",
	},
}

// RuleFor returns the row of a field.
func RuleFor(f Field) Rule {
	i := slices.IndexFunc(Rules, func(r Rule) bool { return r.Field == f })
	if i < 0 {
		panic("no capability rule for field " + string(f))
	}
	return Rules[i]
}

// OnChange is what changing field f does on a backend with c.
func (c Capabilities) OnChange(f Field) Effect { return RuleFor(f).OnChange(c) }

// Check reports the parts of spec this backend cannot accept by its
// capabilities alone. The portable layer adds the driver's own rules.
func (c Capabilities) Check(spec KeySpec) []InvalidInputError {
	var errs []InvalidInputError
	for _, r := range Rules {
		if r.Given != nil && r.OnChange(c) == Refused && r.Given(spec) {
			errs = append(errs, InvalidInputError{Field: r.Field, Detail: r.Refusal})
			continue
		}
		if r.Also != nil {
			errs = append(errs, r.Also(c, spec)...)
		}
	}
	return errs
}

func grantsChange(c Capabilities) Effect {
	switch {
	case !c.BucketScoping:
		return Refused
	case c.GrantsMutable:
		return Update
	}
	return Replace
}

// grantRegionRules: a grant names its bucket's region exactly where the
// backend places buckets in regions.
func grantRegionRules(c Capabilities, spec KeySpec) []InvalidInputError {
	var errs []InvalidInputError
	for _, g := range spec.Grants {
		switch {
		case c.GrantRegions && g.Region == "":
			errs = append(errs, InvalidInputError{FieldGrantRegion, "The grant on bucket " + strconv.Quote(g.Bucket) +
				" needs " + Ref(FieldGrantRegion) + ": this backend places every bucket in a region."})
		case !c.GrantRegions && g.Region != "":
			errs = append(errs, InvalidInputError{FieldGrantRegion, "The grant on bucket " + strconv.Quote(g.Bucket) +
				" sets " + Ref(FieldGrantRegion) + ", which this backend does not use: remove it. This backend does not place buckets " +
				"in regions: remove " + Ref(FieldGrantRegion) + " from its grants."})
		}
	}
	return errs
}

// onePermissionRule: on a backend whose keys hold one permission for all
// their buckets, a key's grants share one.
func onePermissionRule(c Capabilities, spec KeySpec) []InvalidInputError {
	if !c.OnePermission || len(spec.Grants) < 2 {
		return nil
	}
	by := map[Permission][]string{}
	for _, g := range spec.Grants {
		by[g.Permission] = append(by[g.Permission], strconv.Quote(g.Bucket))
	}
	if len(by) < 2 {
		return nil
	}
	var parts []string
	for _, p := range []Permission{ReadOnly, ReadWrite, Custom} {
		if buckets := by[p]; len(buckets) > 0 {
			parts = append(parts, fmt.Sprintf("%s on %s", p, strings.Join(buckets, ", ")))
		}
	}
	return []InvalidInputError{{FieldGrants, "This backend gives a key one permission for every bucket it names, but the grants " +
		"mix them (" + strings.Join(parts, "; ") + "): split the key into one key for each permission."}}
}

// keyRegionRules: a key limited to regions must reach its grants' buckets.
func keyRegionRules(c Capabilities, spec KeySpec) []InvalidInputError {
	if !c.KeyRegions || !c.GrantRegions || len(spec.Regions) == 0 {
		return nil
	}
	var errs []InvalidInputError
	for _, g := range spec.Grants {
		if g.Region != "" && !slices.Contains(spec.Regions, g.Region) {
			errs = append(errs, InvalidInputError{FieldRegions, fmt.Sprintf("%s must include every %s region; %q (bucket %q) is missing.",
				Ref(FieldRegions), Ref(FieldGrants), g.Region, g.Bucket)})
		}
	}
	return errs
}

func pick(cond bool, yes, no Effect) Effect {
	if cond {
		return yes
	}
	return no
}

// CheckExpiry reports an expiry the backend would refuse at now: one in
// the past, or one outside ExpiryWithin. The provider checks a new or
// changed expiry with it at plan time, by its own clock.
func (c Capabilities) CheckExpiry(expiresAt, now time.Time) *InvalidInputError {
	ahead := expiresAt.Sub(now)
	var detail string
	switch {
	case !c.Expiry || expiresAt.IsZero():
		return nil
	case ahead <= 0:
		detail = fmt.Sprintf("%s is %s in the past: set a time in the future.", Ref(FieldExpiresAt), SpellDuration(-ahead))
	case c.ExpiryWithin.Min > 0 && ahead < c.ExpiryWithin.Min,
		c.ExpiryWithin.Max > 0 && ahead > c.ExpiryWithin.Max:
		detail = fmt.Sprintf("%s lies %s ahead; this backend takes an expiry %s.",
			Ref(FieldExpiresAt), SpellDuration(ahead), c.ExpiryWithin)
	default:
		return nil
	}
	return &InvalidInputError{Field: FieldExpiresAt, Detail: detail}
}

// SpellDuration writes a duration the way people say it, to the minute or day.
func SpellDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d/time.Hour))
	case d >= 2*time.Minute:
		return fmt.Sprintf("%d minutes", int(d/time.Minute))
	}
	return d.Round(time.Second).String()
}
