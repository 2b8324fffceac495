package fake

import "testing"

// StartValidated starts a fake for one test and stops it when the test
// ends. Every request it gets and every answer it gives must match the
// published contract; a mismatch fails the test.
func StartValidated(t testing.TB) *Server {
	t.Helper()
	s := Start()
	t.Cleanup(s.Close)
	spec, err := SpecPath()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ValidateWith(spec, func(err error) { t.Errorf("contract: %v", err) }); err != nil {
		t.Fatal(err)
	}
	return s
}
