package acctest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest/peerkit"
)

var (
	peerOnce sync.Once
	peerErr  error
)

// UsePeerProviders makes this runner's commands take the stand-in
// (internal/provider/testdata/peerprovider) for the providers (namespace/
// type) of peers, built once per test binary beside the provider.
func (tf *Terraform) UsePeerProviders(t testing.TB, peers []peerkit.Provider) {
	t.Helper()
	dir, err := builtProvider()
	if err != nil {
		t.Fatal(err)
	}
	addresses := make([]string, len(peers))
	for i, p := range peers {
		addresses[i] = p.Address()
	}
	peerOnce.Do(func() { peerErr = buildPeerProvider(dir, addresses) })
	if peerErr != nil {
		t.Fatal(peerErr)
	}
	tf.override(t, dir, addresses...)
}

// buildPeerProvider builds the stand-in into dir once, and links it under
// each peer's name: it serves the provider its name says.
func buildPeerProvider(dir string, addresses []string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	binary := filepath.Join(dir, "peerprovider")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", binary, "./internal/provider/testdata/peerprovider")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build the peer providers' stand-in: %w\n%s", err, out)
	}
	for _, address := range addresses {
		_, name, _ := strings.Cut(address, "/")
		if err := os.Symlink(binary, filepath.Join(dir, "terraform-provider-"+name)); err != nil {
			return err
		}
	}
	return nil
}
