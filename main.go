package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/provider"
)

// providerMemoryLimit is the provider's soft memory limit: one argon2id
// block (64 MiB) and the provider's own working set. MinIO's admin writes
// derive no argon2id key any more (internal/backend/minio/seal.go), but
// the answers to single-account reads still come argon2id-encrypted.
// Measured with make bench over 20 MinIO keys when every call derived:
// a peak RSS of about 95 MiB at 80 MiB, 108 MiB at 96 MiB, and 157 MiB
// with no limit, at about the same speed.
const providerMemoryLimit = 80 << 20

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	// A MinIO read of one service account derives a key with argon2id,
	// which allocates 64 MiB that is garbage right after. A soft memory
	// limit makes the garbage collector reclaim each such block before the
	// next instead of letting several pile up. GOMEMLIMIT, when set, wins.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(providerMemoryLimit)
	}

	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/objectstorage-keys/objectstorage",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
