// Package backends lists the backends the provider offers. Adding a
// backend is its package (a driver and its Kind) and one line here; the
// provider's blocks, environment fallback, choice of backend and the docs'
// tables follow from this list.
package backends

import (
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/ceph"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/garage"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
)

// All is every backend, in the order the docs show them.
var All = []backend.Kind{
	minio.Kind,
	linode.Kind,
	glesys.Kind,
	iam.Kind,
	digitalocean.Kind,
	ceph.Kind,
	garage.Kind,
	b2.Kind,
	cloudflare.Kind,
	gcs.Kind,
}

// Named returns the backend whose provider block is name.
func Named(name string) (backend.Kind, bool) {
	for _, k := range All {
		if k.Name == name {
			return k, true
		}
	}
	return backend.Kind{}, false
}
