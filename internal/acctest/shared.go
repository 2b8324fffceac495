package acctest

import (
	"context"
	"sync"
	"testing"
)

// sharedServers are the servers a test binary starts once, on first use,
// and stops at its end (StopSharedServers).
var sharedServers struct {
	mu      sync.Mutex
	servers map[string]*sharedServer
}

type sharedServer struct {
	once   sync.Once
	server interface{ Stop() }
	err    error
}

// SharedServer is the server named name of this test binary: start starts
// it on the first call, and every later call returns the same one (or the
// same error). A backend whose tests run against a real server of its own
// (SeaweedFS for iam) gets it here, from its fixture, without a field of
// its own in Shared. The test binary's TestMain stops them all with
// StopSharedServers.
func SharedServer[S interface{ Stop() }](t testing.TB, name string, start func(context.Context) (S, error)) S {
	t.Helper()
	sharedServers.mu.Lock()
	if sharedServers.servers == nil {
		sharedServers.servers = map[string]*sharedServer{}
	}
	s, ok := sharedServers.servers[name]
	if !ok {
		s = &sharedServer{}
		sharedServers.servers[name] = s
	}
	sharedServers.mu.Unlock()
	s.once.Do(func() { s.server, s.err = start(context.Background()) })
	if s.err != nil {
		t.Fatal(s.err)
	}
	server, ok := s.server.(S)
	if !ok {
		t.Fatalf("the shared server %q is a %T, not the type asked for", name, s.server)
	}
	return server
}

// StopSharedServers stops every server SharedServer started.
func StopSharedServers() {
	sharedServers.mu.Lock()
	defer sharedServers.mu.Unlock()
	for _, s := range sharedServers.servers {
		if s.server != nil && s.err == nil {
			s.server.Stop()
		}
	}
	sharedServers.servers = nil
}

// SharedSeaweedFS is the test binary's SeaweedFS.
func SharedSeaweedFS(t testing.TB) *SeaweedFSServer {
	return SharedServer(t, "seaweedfs", StartSeaweedFS)
}
