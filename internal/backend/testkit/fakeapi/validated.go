package fakeapi

import "testing"

// Validated is a fake that checks its traffic against a published
// contract.
type Validated interface {
	Close()
	Validate(report func(error)) error
}

// StartValidated starts a fake for one test and stops it when the test
// ends. Every request it gets and every answer it gives must match the
// published contract; a mismatch fails the test.
func StartValidated[S Validated](t testing.TB, start func() S) S {
	t.Helper()
	s := start()
	t.Cleanup(s.Close)
	if err := s.Validate(func(err error) { t.Errorf("contract: %v", err) }); err != nil {
		t.Fatal(err)
	}
	return s
}
