package backend

import "strconv"

// Capabilities is a backend's row of the capability table. The provider asks
// it how to plan a change (update in place or replace) and which attributes a
// backend accepts; it never switches on a backend's name.
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
	// without it a region is rejected.
	GrantRegions bool

	// KeyRegions: keys carry a set of regions they may be used in.
	KeyRegions bool

	// InstanceScoped: keys belong to a storage instance named by instance_id
	// (required); without it instance_id is rejected.
	InstanceScoped bool
}

// Check reports the parts of spec this backend cannot accept by its
// capabilities alone. Backends call it from ValidateKey and add their own
// rules (name length and characters, size limits).
func (c Capabilities) Check(spec KeySpec) []InvalidInputError {
	var errs []InvalidInputError
	if !c.BucketScoping && spec.Limited {
		errs = append(errs, InvalidInputError{
			Attribute: "bucket_access",
			Detail:    "This backend has no per-bucket permissions: every key reaches every bucket, so bucket_access and limited cannot be set.",
		})
	}
	for _, g := range spec.Grants {
		switch {
		case c.GrantRegions && g.Region == "":
			errs = append(errs, InvalidInputError{
				Attribute: "bucket_access",
				Detail:    "The grant on bucket " + strconv.Quote(g.Bucket) + " needs region: this backend places every bucket in a region.",
			})
		case !c.GrantRegions && g.Region != "":
			errs = append(errs, InvalidInputError{
				Attribute: "bucket_access",
				Detail:    "The grant on bucket " + strconv.Quote(g.Bucket) + " sets region, which this backend does not use: remove it.",
			})
		}
	}
	if !c.KeyRegions && len(spec.Regions) > 0 {
		errs = append(errs, InvalidInputError{
			Attribute: "regions",
			Detail:    "This backend does not scope keys by region: remove regions.",
		})
	}
	switch {
	case c.InstanceScoped && spec.InstanceID == "":
		errs = append(errs, InvalidInputError{
			Attribute: "instance_id",
			Detail:    "This backend groups keys by storage instance: set instance_id.",
		})
	case !c.InstanceScoped && spec.InstanceID != "":
		errs = append(errs, InvalidInputError{
			Attribute: "instance_id",
			Detail:    "This backend has no storage instances: remove instance_id.",
		})
	}
	return errs
}
