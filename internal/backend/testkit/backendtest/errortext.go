package backendtest

import (
	"context"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// RefusedCredential creates a key through d, whose credential the service
// refuses, and checks the error a user reads: it says each of mustSay
// (the setting to fix, what the credential needs), names the operation
// once and holds no part of the credential. It returns the error's text.
func RefusedCredential(t *testing.T, d backend.Driver, spec backend.KeySpec, credential string, mustSay ...string) string {
	t.Helper()
	_, err := backend.Open(d).CreateKey(context.Background(), spec)
	if err == nil {
		t.Fatal("a create with a refused credential succeeded")
	}
	text := err.Error()
	SaidOnce(t, text, "create key", mustSay...)
	if credential != "" && strings.Contains(text, credential) {
		t.Fatalf("the error shows the credential: %s", text)
	}
	return text
}

// SaidOnce checks that an error's text names operation at most once and
// says each of mustSay.
func SaidOnce(t *testing.T, text, operation string, mustSay ...string) {
	t.Helper()
	if n := strings.Count(text, operation); n > 1 {
		t.Errorf("the error says %q %d times: %s", operation, n, text)
	}
	for _, want := range mustSay {
		if !strings.Contains(text, want) {
			t.Errorf("the error lacks %q: %s", want, text)
		}
	}
}
