package provider

import (
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends/fixtures"
)

// faultCellsToRun reports whether this run tries the cell of a fault kind
// against an operation: every cell with TF_ACC_FAULTS=all (make
// test-faults, which .ci/run runs); else, so that make test stays minutes
// long, the creates whose work is done but whose answer is lost, the cells
// where a key could be orphaned or its secret lost. The whole matrix is
// three quarters of the provider package's work.
func faultCellsToRun(op string, kind fakeapi.Kind) bool {
	if os.Getenv("TF_ACC_FAULTS") == "all" {
		return true
	}
	return op == "create" && (kind == fakeapi.DropAfterWork || kind == fakeapi.ErrorAfterWork)
}

// sharedServers is the MinIO this test binary's TestMain starts, for the
// fixtures; a server only some backends need they start themselves
// (acctest.SharedServer).
var sharedServers = acctest.Shared{
	MinIO: func(*testing.T) *acctest.MinIOServer { return minioServer },
}

// faultCase is one backend's service for one cell of the fault matrix.
type faultCase struct {
	acctest.Fixture
	acctest.Service
	prefix string
}

// hangTimeout bounds every operation of a cell whose server hangs.
const hangTimeout = "5s"

// Every fault of the vocabulary, against create, read, update and delete
// of every backend. Each cell ends in success or in a clear error; the
// clean apply after it must find, in the service's own view, no orphaned
// key, no duplicate and no state entry without its secret, and then an
// empty plan.
func TestAccFaultMatrix(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	for _, f := range fixtures.All {
		kind, _ := backends.Named(f.Backend)
		for _, op := range fakeapi.Operations {
			for _, fault := range fakeapi.Vocabulary {
				if !faultCellsToRun(op, fault) {
					continue
				}
				t.Run(fmt.Sprintf("%s/%s/%s", kind.Title, op, fault), func(t *testing.T) {
					t.Parallel()
					prefix := uniqueName(t, "fault")
					svc := faultCase{Fixture: f, Service: f.Start(t, sharedServers), prefix: prefix}
					resource.Test(t, resource.TestCase{
						ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
						CheckDestroy: func(*terraform.State) error {
							if left := svc.Keys(prefix); len(left) != 0 {
								return fmt.Errorf("keys left after destroy: %v", left)
							}
							return nil
						},
						Steps: faultCell(svc, op, fault),
					})
				})
			}
		}
	}
}

// faultCell is one cell: the steps that bring the key to where the
// operation happens, the faulted step, and the clean apply that checks.
func faultCell(svc faultCase, op string, kind fakeapi.Kind) []resource.TestStep {
	extra := ""
	if kind == fakeapi.Hang {
		extra = fmt.Sprintf("timeouts = { create = %[1]q, read = %[1]q, update = %[1]q, delete = %[1]q }", hangTimeout)
	}
	name := svc.prefix
	key := svc.Provider + svc.Key(name, extra)
	renamed := svc.Provider + svc.Key(name+"-renamed", extra)
	faulted := resource.TestStep{PreConfig: func() { svc.Recorder.Inject(kind.Fault(svc.FaultOps[op])) }}
	if kind.Outcome() == "clear error" {
		timeout := op
		if t, ok := svc.FaultTimeouts[op]; ok {
			timeout = t
		}
		faulted.ExpectError = errorPattern(fmt.Sprintf(`within %s \(timeouts\.%s\).*127\.0\.0\.1:[0-9]+`, hangTimeout, timeout))
	}
	switch op {
	case "create":
		faulted.Config = key
		return []resource.TestStep{faulted, cleanApply(svc, key, 1)}
	case "read":
		faulted.Config, faulted.PlanOnly = key, true
		return []resource.TestStep{{Config: key}, faulted, cleanApply(svc, key, 1)}
	case "update":
		faulted.Config = renamed
		return []resource.TestStep{{Config: key}, faulted, cleanApply(svc, renamed, 1)}
	}
	faulted.Config = svc.Provider // the key removed from the configuration: a delete
	return []resource.TestStep{{Config: key}, faulted, cleanApply(svc, svc.Provider, 0)}
}

// cleanApply applies config without faults and checks the service's own
// view against state: want keys, each in state with its secret, nothing
// else, and an empty plan afterwards. The cell's fault must have been
// served.
func cleanApply(svc faultCase, config string, want int) resource.TestStep {
	return resource.TestStep{
		Config:           config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		Check: func(st *terraform.State) error {
			if pending := svc.Recorder.Pending(); len(pending) != 0 {
				return fmt.Errorf("the cell's fault was never served: %+v", pending)
			}
			onService := svc.Keys(svc.prefix)
			inState := 0
			for _, rs := range st.RootModule().Resources {
				if rs.Type != "objectstorage_access_key" {
					continue
				}
				inState++
				if rs.Primary.Attributes["secret_key"] == "" {
					return fmt.Errorf("state holds key %s without its secret", rs.Primary.ID)
				}
				if _, ok := onService[rs.Primary.ID]; !ok {
					return fmt.Errorf("state holds key %s, which the service does not have", rs.Primary.ID)
				}
			}
			if len(onService) != want || inState != want {
				return fmt.Errorf("the service has %d key(s) %v and state %d; want %d of each: an orphan or a duplicate", len(onService), onService, inState, want)
			}
			return nil
		},
	}
}
