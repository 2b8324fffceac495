package httpapi

import (
	"context"
	"errors"
	"fmt"
)

// createTries bounds one create: the first try, and one more after an
// ambiguous failure whose possible orphans were removed.
const createTries = 2

// Orphans removes what an ambiguous create may have made and returns how
// many it removed. Backends know how to tell such a key apart.
type Orphans func(ctx context.Context) (removed int, err error)

// Create sends a create request without ever retrying it blindly. When the
// answer is unclear (no answer, or a 5xx) the service may have made the
// key, whose secret can then never be known: removeOrphans deletes what
// the request may have made, and the create is tried once more. Any clear
// answer, success or refusal, is returned to the caller as it is.
func (c *Client) Create(ctx context.Context, req Request, removeOrphans Orphans) (*Response, error) {
	for try := 1; ; try++ {
		resp, err := c.Do(ctx, req)
		if !IsAmbiguous(resp, err) {
			return resp, err
		}
		failure := describeFailure(resp, err)
		removed, cleanupErr := removeOrphans(ctx)
		if cleanupErr != nil {
			return nil, fmt.Errorf("%s %s: %s, and the search for what it may have made failed: %w", req.Method, req.Path, failure, cleanupErr)
		}
		if try == createTries {
			return nil, fmt.Errorf("%s %s: %s on each of %d tries; the %d key(s) these tries made were removed, "+
				"so nothing is left behind: apply again later", req.Method, req.Path, failure, createTries, removed)
		}
	}
}

func describeFailure(resp *Response, err error) string {
	var transport *TransportError
	if errors.As(err, &transport) {
		return "no answer (" + transport.Err.Error() + ")"
	}
	return fmt.Sprintf("the service answered %d", resp.Status)
}
