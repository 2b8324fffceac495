package memory_test

import (
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/memory"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

type harness struct {
	b      *memory.Backend
	region string
}

func (h harness) Driver() backend.Driver { return h.b }
func (h harness) Region() string         { return h.region }
func (h harness) InstanceID() string {
	if h.b.Capabilities().InstanceScoped {
		return "instance-1"
	}
	return ""
}

// The suite runs against the rows of the capability table the real
// backends have, so that each capability's branch of the suite runs.
func TestConformance(t *testing.T) {
	for _, k := range backends.All {
		caps := k.Capabilities
		t.Run("like "+k.Title, func(t *testing.T) {
			region := ""
			if caps.GrantRegions {
				region = "nl-ams-1"
			}
			backendtest.Run(t, func(*testing.T) backendtest.Harness { return harness{memory.New(caps), region} })
		})
	}
}
