package backends_test

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/fuzzstat"
)

// idChecker is one backend's portable layer and the spelling of the ids
// its service reports.
type idChecker struct {
	keys      *backend.Keys
	canonical func(id string) bool
}

// idCheckers open each backend (no request is sent: ids are checked
// before any) and say what an id it accepts must look like beyond that:
// the spelling the service reports, so that an imported id matches the
// key's id on every later read.
func idCheckers(f *testing.F) []idChecker {
	m, err := minio.New(minio.Config{Endpoint: "127.0.0.1:9", User: "admin", Password: "password"})
	if err != nil {
		f.Fatal(err)
	}
	unscoped := func(string) bool { return true }
	return []idChecker{
		{backend.Open(m), unscoped},
		{backend.Open(linode.New(linode.Config{URL: "http://127.0.0.1:9", Token: "t"})), func(id string) bool {
			// Linode reports ids as JSON numbers.
			n, err := strconv.Atoi(id)
			return err == nil && strconv.Itoa(n) == id
		}},
		{backend.Open(glesys.New(glesys.Config{URL: "http://127.0.0.1:9", Project: "p", Token: "t"})), func(id string) bool {
			instance, credential, ok := backend.SplitScopedID(id)
			return ok && backend.ScopedID(instance, credential) == id
		}},
		{backend.Open(iam.New(iam.Config{Endpoint: "http://127.0.0.1:9", Region: "us-east-1", AccessKey: "a", SecretKey: "s", NamePrefix: "objectstorage-"})), func(id string) bool {
			return strings.Count(id, "/") <= 1
		}},
		{backend.Open(digitalocean.New(digitalocean.Config{URL: "http://127.0.0.1:9", Token: "t"})), unscoped},
	}
}

// FuzzKeyID checks import ids on every backend: no panic; a refusal is
// typed, on the id, and quotes it so that no byte of it reaches a terminal
// raw; an accepted id is spelled as the service reports it.
func FuzzKeyID(f *testing.F) {
	for _, seed := range []string{
		"AKIAIOSFODNN7EXAMPLE", "12345", "os-ab123/376af022-c81e-4a02-9f28-0dce6ba24387", "app/AKIAIOSFODNN7EXAMPLE",
		"DO00QWERTYUIOPASDFGH", "", "a/b/c", "\x1b[31m", "GOLDENKEY00000000001",
	} {
		f.Add(seed)
	}
	checkers := idCheckers(f)
	f.Fuzz(func(t *testing.T, id string) {
		fuzzstat.Count()
		for i, c := range checkers {
			err := c.keys.ValidateID(id)
			var invalid *backend.InvalidInputError
			switch {
			case err == nil:
				if !c.canonical(id) {
					t.Fatalf("backend %d accepts %q, which the service never reports as a key's id", i, id)
				}
			case !errors.As(err, &invalid) || invalid.Field != backend.FieldID:
				t.Fatalf("backend %d refuses %q with an untyped error: %v", i, id, err)
			case !strings.Contains(err.Error(), fmt.Sprintf("%q", id)):
				t.Fatalf("backend %d's refusal does not quote the id: %v", i, err)
			}
		}
	})
}
