// Package create is how drivers make a key without ever sending a create
// twice blindly: Once runs the attempts and settles each unclear one
// before the next, FindMade settles by what a list shows under the
// attempt's mark, and PendingName draws that mark where the service
// chooses the access key.
package create

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// createTries bounds one create: the first try and, after an unclear
// answer whose possible result was settled, one more.
const createTries = 2

// settleTimeout bounds the search for what an unclear create made. The
// search runs even when the create's own deadline has passed (a key left
// behind unknown is worse than a late error), but briefly: a server that
// hung on the create most likely hangs on the search too.
const settleTimeout = 15 * time.Second

// Attempt sends one create request. unclear is true when the service may or
// may not have made the key: no answer came, or a server error. err then
// says why; a clear refusal is an error with unclear false.
type Attempt[T any] func(ctx context.Context, try int) (result T, unclear bool, err error)

// Settle finds out what an unclear attempt made. It adopts the key when the
// backend can prove it is the attempt's own and can use it, or removes it,
// or finds that nothing was made; in the last two cases the create may be
// sent again. It returns an error when it cannot tell, or cannot remove
// what it found; that error lists what may be left on the service.
type Settle[T any] func(ctx context.Context, try int) (Settled[T], error)

// Settled is what a Settle found.
type Settled[T any] struct {
	// Adopted is set when the attempt's key was found and taken as the
	// create's Result.
	Adopted bool
	Result  T
	// Removed names the keys the attempt made that were removed.
	Removed []string
	// MayAppear is set when the search found nothing but cannot rule the
	// attempt's key out: a request the service held may still be carried
	// out after the client gave up, and in a cluster the node that wrote
	// the key may have failed before the others heard of it.
	MayAppear bool
}

// Once runs a create that is never repeated blindly: after an unclear
// attempt, settle decides what the attempt left behind before another one is
// sent, so a service never holds a key whose secret nobody knows.
func Once[T any](ctx context.Context, attempt Attempt[T], settle Settle[T]) (T, error) {
	var zero T
	var failures []error
	var removed []string
	mayAppear := false
	for try := 1; try <= createTries; try++ {
		result, unclear, err := attempt(ctx, try)
		if err == nil || !unclear {
			return result, err
		}
		failures = append(failures, err)
		settleCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
		settled, settleErr := settle(settleCtx, try)
		cancel()
		removed = append(removed, settled.Removed...)
		mayAppear = mayAppear || settled.MayAppear
		if settleErr != nil {
			return zero, &backend.UncertainCreateError{Unsettled: true, Err: fmt.Errorf("%w, and the search for what it may have made failed: %w", err, settleErr)}
		}
		if settled.Adopted {
			return settled.Result, nil
		}
		if ctx.Err() != nil {
			break // no time left for another try
		}
	}
	reasons := make([]string, len(failures))
	for i, f := range failures {
		reasons[i] = f.Error()
	}
	if mayAppear {
		return zero, &backend.UncertainCreateError{MayExist: true, Err: fmt.Errorf("no clear answer to %d create request(s) (%s); "+
			"the service shows no key from them yet, but one may still appear", len(failures), strings.Join(reasons, "; "))}
	}
	left := "none of them made a key"
	if len(removed) > 0 {
		left = fmt.Sprintf("the %d key(s) they made (%s) were removed", len(removed), strings.Join(removed, ", "))
	}
	return zero, &backend.UncertainCreateError{Err: fmt.Errorf("no clear answer to %d create request(s) (%s); %s, so nothing is left behind: "+
		"apply again later", len(failures), strings.Join(reasons, "; "), left)}
}
