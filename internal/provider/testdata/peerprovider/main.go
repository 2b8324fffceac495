// Command peerprovider stands in for the providers whose key resources
// objectstorage_access_key takes over with a moved block: every backend's
// fixture declares its peers (acctest.Fixture.Peers), and this serves the
// one it is installed as (terraform-provider-linode, -minio, ...). See
// internal/acctest/peerkit.
package main

import (
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest/peerkit"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends/fixtures"
)

func main() {
	peerkit.Serve(fixtures.Peers())
}
