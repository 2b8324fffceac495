package glesys_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys/fake"
)

// The least privilege: an API key with the four credential functions
// manages credentials whole; without one of them, the call that needs it
// fails naming the function.
func TestLeastPrivilegeFunctions(t *testing.T) {
	ctx := context.Background()
	s := startFake(t)
	s.SetFunctions(fake.KeyFunctions)
	keys := backend.Open(newBackend(s))
	key, err := keys.CreateKey(ctx, backend.KeySpec{Name: "least", InstanceID: instance})
	if err != nil {
		t.Fatalf("create with the four functions: %v", err)
	}
	if _, err := backend.Open(newBackend(s)).GetKey(ctx, key.ID); err != nil {
		t.Fatalf("read with the four functions: %v", err)
	}
	if _, err := keys.ListKeys(ctx); err != nil {
		t.Fatalf("list with the four functions: %v", err)
	}
	if err := keys.DeleteKey(ctx, key.ID); err != nil {
		t.Fatalf("delete with the four functions: %v", err)
	}
	kept, err := keys.CreateKey(ctx, backend.KeySpec{Name: "kept", InstanceID: instance})
	if err != nil {
		t.Fatal(err)
	}
	for _, missing := range fake.KeyFunctions {
		t.Run("without "+missing, func(t *testing.T) {
			s.SetFunctions(slices.DeleteFunc(slices.Clone(fake.KeyFunctions), func(f string) bool { return f == missing }))
			t.Cleanup(func() { s.SetFunctions(fake.KeyFunctions) })
			k := backend.Open(newBackend(s))
			var err error
			switch missing {
			case "objectstorage:listinstances":
				_, err = k.ListKeys(ctx)
			case "objectstorage:instancedetails":
				_, err = k.GetKey(ctx, kept.ID)
			case "objectstorage:createcredential":
				_, err = k.CreateKey(ctx, backend.KeySpec{Name: "refused", InstanceID: instance})
			case "objectstorage:deletecredential":
				err = k.DeleteKey(ctx, kept.ID)
			}
			if err == nil || !strings.Contains(err.Error(), missing) {
				t.Fatalf("without %s: %v, want an error naming it", missing, err)
			}
		})
	}
}
