package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// addBackendError turns an error of the portable layer into a diagnostic,
// the one place where its typed errors become what users read: invalid
// input on the attribute at fault, a refusal with what to do instead, and
// what a missing or foreign key means. Backend errors never carry secrets.
func addBackendError(diags *diag.Diagnostics, summary, doing string, err error) {
	var invalid *backend.InvalidInputError
	var refused *backend.RefusedError
	var notOurs *backend.NotOursError
	switch {
	case errors.As(err, &invalid):
		diags.AddAttributeError(fieldPaths{}.of(invalid.Field), summary, attributeNames.Replace(invalid.Detail))
	case errors.As(err, &refused):
		addRefusal(diags, refused)
	case errors.As(err, &notOurs):
		diags.AddError(summary, fmt.Sprintf("The provider could not %s: %v Nothing was changed. Leave the key out of this "+
			"configuration: remove the import or moved block that names it, or, for a key already in state, run "+
			"terraform state rm on its address (which leaves the key itself alone).", doing, err))
	case errors.Is(err, backend.ErrAlreadyExists):
		diags.AddError(summary, fmt.Sprintf("The provider could not %s: the service already has a key with the chosen access key "+
			"that this provider did not create. Nothing was changed; apply again to try a new access key. %v", doing, err))
	case backend.IsNotFound(err):
		diags.AddError(summary, fmt.Sprintf("The provider could not %s: the service has no such key. %v", doing, err))
	default:
		diags.AddError(summary, fmt.Sprintf("The provider could not %s: %s", doing, withoutOperation(doing, err)))
	}
}

// withoutOperation is err's text without the operation that doing names
// already, so that the detail says it once: "could not create the key:
// Linode refused the token", not "... create the key: create key: Linode
// refused the token". Drivers name their operations so ("create key",
// "read key 4711"), for their own logs and tests.
func withoutOperation(doing string, err error) string {
	words := strings.Fields(strings.Replace(doing, " the ", " ", 1))
	text := err.Error()
	if len(words) < 2 {
		return text
	}
	operation := words[0] + " " + words[1] + " "
	rest, ok := strings.CutPrefix(text, operation)
	if !ok {
		if rest, ok = strings.CutPrefix(text, strings.TrimSpace(operation)+": "); ok {
			return rest
		}
		return text
	}
	// An id may follow the operation: "read key 4711: ...".
	if id, after, found := strings.Cut(rest, ": "); found && !strings.ContainsAny(id, " :") {
		return after
	}
	return text
}

// addValidationErrors reports what the portable layer's validation
// refused, each on the attribute paths puts it at.
func addValidationErrors(diags *diag.Diagnostics, paths fieldPaths, errs []backend.InvalidInputError) {
	for _, e := range errs {
		at := paths.of(e.Field)
		diags.AddAttributeError(at, "Invalid "+titleAttribute(at.String()), attributeNames.Replace(e.Detail))
	}
}

// addRefusal says what a backend's missing capability rules out, and what
// to do instead.
func addRefusal(diags *diag.Diagnostics, refused *backend.RefusedError) {
	if refused.Capability == "GrantsMutable" {
		diags.AddError("Bucket Access Not Supported by This Backend",
			"This backend fixes a key's grants when the key is created (or has no per-bucket grants at all), so a grant "+
				"cannot be added to an existing key. Set the grants in the bucket_access attribute of the "+
				"objectstorage_access_key resource instead.")
		return
	}
	diags.AddError("Not Supported by This Backend", "The provider could not proceed: "+refused.Error()+".")
}

// titleAttribute is an attribute's name as a diagnostic's title writes
// it: "instance_id" becomes "Instance ID", "secret_key_wo" "Secret Key WO".
func titleAttribute(name string) string {
	words := strings.Split(name, "_")
	for i, w := range words {
		if w == "id" || w == "wo" {
			words[i] = strings.ToUpper(w)
		} else if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}
