package fake

import (
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// StartValidated starts a fake for one test that fails the test on any
// request or answer the published contract does not allow.
func StartValidated(t testing.TB) *Server { return fakeapi.StartValidated(t, Start) }
