package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// unconfirmedKey is the private-state key that marks a key kept in state
// after a create without a clear answer (backend.UncertainCreateError with
// a Key): the service may hold it, or come to hold it, without showing it
// yet. Such a key is not dropped from state when a read misses it, and its
// delete makes sure no part of the service keeps it
// (backend.Keys.DeleteUnconfirmed).
const unconfirmedKey = "unconfirmed_create"

// unconfirmedMark is the value at unconfirmedKey. Private state holds
// JSON.
var unconfirmedMark = []byte(`true`)

// unconfirmed reports whether the key's create had no clear answer.
func unconfirmed(ctx context.Context, private privateState, diags *diag.Diagnostics) bool {
	raw, d := private.GetKey(ctx, unconfirmedKey)
	diags.Append(d...)
	return len(raw) > 0
}
