package fake

import "testing"

// StartValidated starts a fake for one test and stops it when the test
// ends. Every request it gets and every answer it gives must match the
// published contract; a mismatch fails the test.
func StartValidated(t testing.TB) *Server {
	t.Helper()
	s := Start()
	t.Cleanup(s.Close)
	if err := s.Validate(func(err error) { t.Errorf("contract: %v", err) }); err != nil {
		t.Fatal(err)
	}
	return s
}
