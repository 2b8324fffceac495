package acctest

import (
	"fmt"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest/peerkit"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// Fixture is what a backend lends the provider's generic acceptance tests
// (the fault matrix, the bad inputs): how to start a service of its own
// for one test, the key it takes, where each operation's request is, and
// what it refuses at plan time. Each backend declares its Fixture in a
// package of its folder, <backend>test; internal/backends/fixtures lists
// them in the order of backends.All.
type Fixture struct {
	// Backend is the backend's block name (its Kind's Name).
	Backend string
	// Start starts a service of the backend's for one test: a fake of its
	// own, or a fault proxy of its own in front of a shared server.
	Start func(t *testing.T, shared Shared) Service
	// Key is an objectstorage_access_key block named "test" for a key
	// called name, with a grant the backend takes (where it has any), the
	// attributes it requires, and extra.
	Key func(name, extra string) string
	// FaultOps names the request of each operation ("create", "read",
	// "update", "delete") where the fault matrix serves its fault, as the
	// service's Recorder names requests.
	FaultOps map[string]string
	// FaultTimeouts names the timeout that bounds an operation's request
	// where it is not the operation's own (a rename by replacement is a
	// create).
	FaultTimeouts map[string]string
	// BadInputs are configurations the backend refuses at plan time,
	// before any request reaches the service.
	BadInputs func(t *testing.T) []BadInput
	// Bench are the backend's rows of make bench.
	Bench []BenchSetup
	// Peers are the other providers whose keys move onto the backend, as
	// the peer stand-in serves them.
	Peers []peerkit.Provider
	// Secrets is the backend's part in the scan for secrets, on a service
	// of its own.
	Secrets func(t *testing.T, shared Shared) SecretStory
	// Moves are the backend's moved stories, each on a service of its own.
	Moves []func(t *testing.T) MoveStory
}

// Service is a backend's service for one test.
type Service struct {
	// Provider is the provider block that reaches the service.
	Provider string
	// Address is the service's host:port or URL as BadInput configs
	// write {{address}}.
	Address string
	// Recorder counts the requests that reach the service and serves the
	// faults injected into it.
	Recorder Recorder
	// Keys is the service's own view of the test's keys, name by id: on a
	// fake of the test's own, every key it holds (so that a key made under
	// a pending name counts too); on a shared server, the keys whose names
	// begin with prefix.
	Keys func(prefix string) map[string]string
}

// Recorder is what the fakes' and the fault proxy's fakeapi.Recorder
// offer.
type Recorder interface {
	Inject(faults ...fakeapi.Fault)
	Pending() []fakeapi.Fault
	TotalRequests() int
}

// Shared are the real servers a test binary starts in its TestMain and
// its fixtures share. A server only some backends' tests need is started
// on first use instead, with SharedServer.
type Shared struct {
	MinIO func(t *testing.T) *MinIOServer
}

// BadInput is a configuration refused at plan time, before any request
// reaches the service, with an error that names the attribute and what is
// allowed. In Config, {{provider}} stands for the backend's provider block
// and {{address}} for its service's address; a case without {{provider}}
// brings its own block. {{in 5 minutes}} and {{in 400 days}} are
// timestamps taken when the case runs. Want is a regular expression the
// error must match.
type BadInput struct {
	Name, Config, Want string
}

// ProviderBlock is a provider block with the backend block name and its
// settings, given as name and value pairs, each value quoted.
func ProviderBlock(name string, settings ...string) string {
	block := "provider \"objectstorage\" {\n  " + name + " {\n"
	for i := 0; i+1 < len(settings); i += 2 {
		block += fmt.Sprintf("    %s = %q\n", settings[i], settings[i+1])
	}
	return block + "  }\n}\n"
}

// ProxyFor puts a fault proxy of the test's own in front of target
// (host:port), closed when the test ends.
func ProxyFor(t testing.TB, target string) *FaultProxy {
	t.Helper()
	proxy, err := StartFaultProxy(target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(proxy.Close)
	return proxy
}

// BadInputs makes the cases of a table whose rows are name, config and
// want, in that order.
func BadInputs(rows [][3]string) []BadInput {
	out := make([]BadInput, len(rows))
	for i, r := range rows {
		out[i] = BadInput{Name: r[0], Config: r[1], Want: r[2]}
	}
	return out
}

// BadKey is an objectstorage_access_key block named "bad" with a key
// called name and more attributes.
func BadKey(name, attributes string) string { return KeyResource("bad", name, attributes) }

// BadGrant is an objectstorage_bucket_access block named "bad".
func BadGrant(attributes string) string {
	return "resource \"objectstorage_bucket_access\" \"bad\" {\n  key_id = \"AKEXAMPLE0001\"\n  " + attributes + "\n}\n"
}

// LimitedKeyCI is an objectstorage_access_key block named "ci": a limited
// key whose grants are objectstorage_bucket_access resources
// (GrantOfCI).
const LimitedKeyCI = "resource \"objectstorage_access_key\" \"ci\" {\n  name    = \"ci\"\n  limited = true\n}\n"

// GrantOfCI is an objectstorage_bucket_access block named name granting
// the key of LimitedKeyCI a permission on bucket.
func GrantOfCI(name, bucket, permission string) string {
	return fmt.Sprintf("resource \"objectstorage_bucket_access\" %q {\n  key_id     = objectstorage_access_key.ci.id\n  bucket     = %q\n  "+
		"permission = %q\n}\n", name, bucket, permission)
}

// KeyOnLogsAndData is an objectstorage_access_key block named "test" for a
// key called name granted logs and data on the buckets of those names,
// with more attributes.
func KeyOnLogsAndData(name, logs, data, extra string) string {
	return KeyBlock(name, fmt.Sprintf("bucket_access = [\n    { bucket = \"logs\", permission = %q },\n    "+
		"{ bucket = \"data\", permission = %q },\n  ]\n  %s", logs, data, extra))
}

// KeyBlock is an objectstorage_access_key block named "test" for a key
// called name with more attributes.
func KeyBlock(name, attributes string) string { return KeyResource("test", name, attributes) }

// KeyResource is an objectstorage_access_key block named address for a key
// called name with more attributes.
func KeyResource(address, name, attributes string) string {
	return fmt.Sprintf("resource \"objectstorage_access_key\" %q {\n  name = %q\n  %s\n}\n", address, name, attributes)
}

// Patterns and blocks the bad inputs of several backends share.
const (
	// ReadOnlyOn is a bucket_access attribute granting read_only on one
	// bucket (%q).
	ReadOnlyOn = `bucket_access = [{ bucket = %q, permission = "read_only" }]`
	// AllowedPermissions is the error for a permission out of the list.
	AllowedPermissions = `value must be one of:.*"read_only".*"read_write"`
	// ImportKeyBlock imports the id %q into objectstorage_access_key.bad.
	ImportKeyBlock = "import {\n  to = objectstorage_access_key.bad\n  id = %q\n}\n"
	// ImportGrantBlock imports the id %q into objectstorage_bucket_access.bad.
	ImportGrantBlock = "import {\n  to = objectstorage_bucket_access.bad\n  id = %q\n}\n"
)
