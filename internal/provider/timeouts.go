package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// opKind is one of a resource's operations with its default bound. Every
// request the backends send has its own bound as well (60 s), so a server
// that never answers fails the operation long before these.
type opKind struct {
	name         string
	defaultLimit time.Duration
}

var (
	opCreate = opKind{"create", 10 * time.Minute}
	opRead   = opKind{"read", 5 * time.Minute}
	opUpdate = opKind{"update", 10 * time.Minute}
	opDelete = opKind{"delete", 10 * time.Minute}
)

// timeoutsAttribute is the resources' timeouts attribute: create, read,
// update and delete, each a Go duration such as "30s" or "5m".
func timeoutsAttribute(ctx context.Context) schema.Attribute {
	attribute := timeouts.Attributes(ctx, timeouts.Opts{
		Create: true, Read: true, Update: true, Delete: true,
		CreateDescription: "How long a create may take before it fails, such as `\"30s\"` or `\"5m\"`. Defaults to `10m`.",
		ReadDescription:   "How long a refresh may take before it fails. Defaults to `5m`.",
		UpdateDescription: "How long an update may take before it fails. Defaults to `10m`.",
		DeleteDescription: "How long a delete may take before it fails. Defaults to `10m`.",
	})
	if nested, ok := attribute.(schema.SingleNestedAttribute); ok {
		nested.MarkdownDescription = "How long each operation may take before it fails with an error that names the timeout. " +
			"Every request to the service has its own bound of 60 seconds as well."
		// The module takes any Go duration, "0s" and "-5m" too, which would
		// fail every operation at once; those are refused at plan time.
		for name, a := range nested.Attributes {
			if s, ok := a.(schema.StringAttribute); ok {
				s.Validators = append(s.Validators, positiveTimeout{})
				nested.Attributes[name] = s
			}
		}
		return nested
	}
	return attribute
}

// nullTimeouts is the timeouts of a resource whose configuration sets none.
func nullTimeouts(ctx context.Context) timeouts.Value {
	t, _ := timeoutsAttribute(ctx).GetType().(timeouts.Type)
	return timeouts.Value{Object: types.ObjectNull(t.AttrTypes)}
}

// operation is a running operation of a resource, bounded by its timeout.
type operation struct {
	kind  opKind
	limit time.Duration
}

// startOperation bounds ctx by the resource's timeout for an operation:
// the timeouts attribute, or the default.
func startOperation(ctx context.Context, t timeouts.Value, kind opKind, diags *diag.Diagnostics) (context.Context, context.CancelFunc, operation) {
	limit := kind.defaultLimit
	if !t.IsNull() && !t.IsUnknown() {
		var d diag.Diagnostics
		switch kind {
		case opCreate:
			limit, d = t.Create(ctx, kind.defaultLimit)
		case opRead:
			limit, d = t.Read(ctx, kind.defaultLimit)
		case opUpdate:
			limit, d = t.Update(ctx, kind.defaultLimit)
		case opDelete:
			limit, d = t.Delete(ctx, kind.defaultLimit)
		}
		diags.Append(d...)
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	return ctx, cancel, operation{kind: kind, limit: limit}
}

// addError reports a failed operation; when its time ran out, it says so
// and names the timeout to raise.
func (op operation) addError(ctx context.Context, diags *diag.Diagnostics, summary, doing string, err error) {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		diags.AddError(summary, fmt.Sprintf("The provider could not %s within %s (timeouts.%s): %v. "+
			"Check that the service answers; raise timeouts.%s if it is only slow.", doing, op.limit, op.kind.name, err, op.kind.name))
		return
	}
	addBackendError(diags, summary, doing, err)
}
