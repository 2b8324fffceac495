package provider

import (
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	dofake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/fakeapi"
	linodefake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
)

// faultOps are the operations every fault is tried against.
var faultOps = []string{"create", "read", "update", "delete"}

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

// faultService is one backend in the fault matrix, fresh for each cell: a
// fake of its own, or a fault proxy of its own in front of the shared
// MinIO server.
type faultService struct {
	provider string
	// key is the resource block of the cell's one key.
	key func(name, extra string) string
	// ops names each operation's request as the service counts it, where
	// its fault is injected.
	ops map[string]string
	// timeoutOf names the timeout that bounds each operation's request
	// (GleSYS changes a name by replacement, so its update is a create).
	timeoutOf map[string]string
	inject    func(fakeapi.Fault)
	pending   func() []fakeapi.Fault
	// keys is the service's own view of the cell's keys: name by id.
	keys func() map[string]string
}

var faultBackends = []struct {
	name  string
	start func(t *testing.T, prefix string) faultService
}{
	{"MinIO", minioFaults},
	{"Linode", linodeFaults},
	{"GleSYS", glesysFaults},
	{"IAM", iamFaults},
	{"DigitalOcean", digitaloceanFaults},
}

func minioFaults(t *testing.T, prefix string) faultService {
	proxy := minioProxy(t)
	return faultService{
		provider: minioProviderAt(proxy.Endpoint),
		key: func(name, extra string) string {
			return fmt.Sprintf("resource \"objectstorage_access_key\" \"test\" {\n  name = %q\n  bucket_access = [{ bucket = \"faults\", permission = \"read_only\" }]\n  %s\n}\n", name, extra)
		},
		ops: map[string]string{
			"create": "add-service-account", "read": "export-iam",
			"update": "update-service-account", "delete": "delete-service-account",
		},
		inject:  func(f fakeapi.Fault) { proxy.Inject(f) },
		pending: proxy.Pending,
		keys:    func() map[string]string { return serviceAccountsNamed(t, prefix) },
	}
}

func linodeFaults(t *testing.T, _ string) faultService {
	s := linodefake.StartValidated(t)
	return faultService{
		provider: linodeProvider(s),
		key: func(name, extra string) string {
			return fmt.Sprintf("resource \"objectstorage_access_key\" \"test\" {\n  name = %q\n  bucket_access = [{ bucket = \"faults\", permission = \"read_only\", region = \"nl-ams\" }]\n  %s\n}\n", name, extra)
		},
		ops:     map[string]string{"create": "POST keys", "read": "GET key", "update": "PUT key", "delete": "DELETE key"},
		inject:  func(f fakeapi.Fault) { s.Inject(f) },
		pending: s.Pending,
		keys:    s.Keys,
	}
}

// digitaloceanFaults: a create's fault is on its POST, never sent twice
// blindly; an update (a rename) is a PUT.
func digitaloceanFaults(t *testing.T, _ string) faultService {
	s := dofake.StartValidated(t)
	return faultService{
		provider: digitaloceanProvider(s),
		key: func(name, extra string) string {
			return digitaloceanKey(name, "bucket_access = [{ bucket = \"faults\", permission = \"read_only\" }]\n  "+extra)
		},
		ops:     map[string]string{"create": "POST keys", "read": "GET key", "update": "PUT key", "delete": "DELETE key"},
		inject:  func(f fakeapi.Fault) { s.Inject(f) },
		pending: s.Pending,
		keys:    s.Keys,
	}
}

func glesysFaults(t *testing.T, _ string) faultService {
	s := glesysFake(t)
	return faultService{
		provider: glesysProvider(s),
		key: func(name, extra string) string {
			return fmt.Sprintf("resource \"objectstorage_access_key\" \"test\" {\n  name = %q\n  instance_id = %q\n  %s\n}\n", name, glesysInstance, extra)
		},
		ops:       map[string]string{"create": "createcredential", "read": "instancedetails", "update": "createcredential", "delete": "deletecredential"},
		timeoutOf: map[string]string{"update": "create"},
		inject:    func(f fakeapi.Fault) { s.Inject(f) },
		pending:   s.Pending,
		keys: func() map[string]string {
			keys := map[string]string{}
			for id, description := range s.Credentials(glesysInstance) {
				keys[glesysInstance+"/"+id] = description
			}
			return keys
		},
	}
}

// iamFaults puts a fault proxy of its own in front of the shared
// SeaweedFS. A create's fault is on CreateAccessKey, the one request never
// sent twice blindly; a read's on GetUser, its first; an update's (a
// rename) on TagUser; a delete's on DeleteUser, its last.
func iamFaults(t *testing.T, prefix string) faultService {
	s := seaweedServer(t)
	proxy, behind := seaweedProxy(t)
	return faultService{
		provider: iamProvider(behind),
		key: func(name, extra string) string {
			return fmt.Sprintf("resource \"objectstorage_access_key\" \"test\" {\n  name = %q\n  bucket_access = [{ bucket = \"faults\", permission = \"read_only\" }]\n  %s\n}\n", name, extra)
		},
		ops:     map[string]string{"create": "CreateAccessKey", "read": "GetUser", "update": "TagUser", "delete": "DeleteUser"},
		inject:  func(f fakeapi.Fault) { proxy.Inject(f) },
		pending: proxy.Pending,
		keys:    func() map[string]string { return seaweedKeysNamed(t, s, prefix) },
	}
}

// faultOutcome is how a cell ends: a fault the provider can recover from
// ends in success; a server that never answers ends in a clear error when
// the operation's timeout runs out.
func faultOutcome(kind fakeapi.Kind) string {
	if kind == fakeapi.Hang {
		return "clear error"
	}
	return "success"
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
	for _, b := range faultBackends {
		for _, op := range faultOps {
			for _, kind := range fakeapi.Vocabulary {
				if !faultCellsToRun(op, kind) {
					continue
				}
				t.Run(fmt.Sprintf("%s/%s/%s", b.name, op, kind), func(t *testing.T) {
					t.Parallel()
					prefix := uniqueName(t, "fault")
					svc := b.start(t, prefix)
					resource.Test(t, resource.TestCase{
						ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
						CheckDestroy: func(*terraform.State) error {
							if left := svc.keys(); len(left) != 0 {
								return fmt.Errorf("keys left after destroy: %v", left)
							}
							return nil
						},
						Steps: faultCell(svc, op, kind, prefix),
					})
				})
			}
		}
	}
}

// faultCell is one cell: the steps that bring the key to where the
// operation happens, the faulted step, and the clean apply that checks.
func faultCell(svc faultService, op string, kind fakeapi.Kind, name string) []resource.TestStep {
	extra := ""
	if kind == fakeapi.Hang {
		extra = fmt.Sprintf("timeouts = { create = %[1]q, read = %[1]q, update = %[1]q, delete = %[1]q }", hangTimeout)
	}
	key := svc.provider + svc.key(name, extra)
	renamed := svc.provider + svc.key(name+"-renamed", extra)
	faulted := resource.TestStep{PreConfig: func() { svc.inject(kind.Fault(svc.ops[op])) }}
	if faultOutcome(kind) == "clear error" {
		timeout := op
		if t, ok := svc.timeoutOf[op]; ok {
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
	faulted.Config = svc.provider // the key removed from the configuration: a delete
	return []resource.TestStep{{Config: key}, faulted, cleanApply(svc, svc.provider, 0)}
}

// cleanApply applies config without faults and checks the service's own
// view against state: want keys, each in state with its secret, nothing
// else, and an empty plan afterwards. The cell's fault must have been
// served.
func cleanApply(svc faultService, config string, want int) resource.TestStep {
	return resource.TestStep{
		Config:           config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		Check: func(st *terraform.State) error {
			if pending := svc.pending(); len(pending) != 0 {
				return fmt.Errorf("the cell's fault was never served: %+v", pending)
			}
			onService := svc.keys()
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
