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
)

// PeerProviders are the providers (namespace/type) whose key resources
// move into objectstorage_access_key; the stand-in in
// internal/provider/testdata/peerprovider serves each of them.
var PeerProviders = []string{"linode/linode", "aminueza/minio", "glesys/glesys", "hashicorp/aws", "digitalocean/digitalocean"}

var (
	peerOnce sync.Once
	peerErr  error
)

// UsePeerProviders makes this runner's commands take the stand-in for
// PeerProviders, built once per test binary beside the provider.
func (tf *Terraform) UsePeerProviders(t testing.TB) {
	t.Helper()
	dir, err := builtProvider()
	if err != nil {
		t.Fatal(err)
	}
	peerOnce.Do(func() { peerErr = buildPeerProvider(dir) })
	if peerErr != nil {
		t.Fatal(peerErr)
	}
	tf.override(t, dir, PeerProviders...)
}

// buildPeerProvider builds the stand-in into dir once, and links it under
// each peer's name: it serves the provider its name says.
func buildPeerProvider(dir string) error {
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
	for _, address := range PeerProviders {
		_, name, _ := strings.Cut(address, "/")
		if err := os.Symlink(binary, filepath.Join(dir, "terraform-provider-"+name)); err != nil {
			return err
		}
	}
	return nil
}
