package create

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// A create whose every try went unanswered, and whose search found nothing
// it can trust to stay so, says that a key may still appear instead of
// promising that nothing is left behind; one whose search is conclusive
// keeps the promise.
func TestOnceSaysWhenAKeyMayStillAppear(t *testing.T) {
	for name, mayAppear := range map[string]bool{"may appear": true, "conclusive": false} {
		t.Run(name, func(t *testing.T) {
			tries := 0
			_, err := Once(context.Background(),
				func(context.Context, int) (struct{}, bool, error) {
					tries++
					return struct{}{}, true, errors.New("no answer")
				},
				func(context.Context, int) (Settled[struct{}], error) {
					return Settled[struct{}]{MayAppear: mayAppear}, nil
				})
			var uncertain *backend.UncertainCreateError
			if !errors.As(err, &uncertain) || tries != createTries {
				t.Fatalf("want an uncertain create after %d tries, got %v after %d", createTries, err, tries)
			}
			if uncertain.MayExist != mayAppear {
				t.Fatalf("MayExist = %v, want %v", uncertain.MayExist, mayAppear)
			}
			if promised := strings.Contains(err.Error(), "nothing is left behind"); promised == mayAppear {
				t.Fatalf("the message promises nothing is left behind: %v; want %v", promised, !mayAppear)
			}
		})
	}
}
