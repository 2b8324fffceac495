package provider

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// addBackendError turns a backend error into a diagnostic: on the attribute
// at fault for invalid input, with what it means and what to do otherwise.
// Backend errors never carry secrets.
func addBackendError(diags *diag.Diagnostics, summary, doing string, err error) {
	var invalid *backend.InvalidInputError
	switch {
	case errors.As(err, &invalid):
		diags.AddAttributeError(path.Root(invalid.Attribute), summary, invalid.Detail)
	case errors.Is(err, backend.ErrAlreadyExists):
		diags.AddError(summary, fmt.Sprintf("The provider could not %s: the service already has a key with the chosen access key "+
			"that this provider did not create. Nothing was changed; apply again to try a new access key. %v", doing, err))
	case backend.IsNotFound(err):
		diags.AddError(summary, fmt.Sprintf("The provider could not %s: the service has no such key. %v", doing, err))
	default:
		diags.AddError(summary, fmt.Sprintf("The provider could not %s: %v", doing, err))
	}
}

// addValidationErrors reports what a backend's ValidateKey refused.
func addValidationErrors(diags *diag.Diagnostics, errs []backend.InvalidInputError) {
	for _, e := range errs {
		diags.AddAttributeError(path.Root(e.Attribute), "Invalid "+titleAttribute(e.Attribute), e.Detail)
	}
}

func titleAttribute(name string) string {
	switch name {
	case "bucket_access":
		return "Bucket Access"
	case "instance_id":
		return "Instance ID"
	case "key_id":
		return "Key ID"
	case "name":
		return "Name"
	case "regions":
		return "Regions"
	}
	return name
}
