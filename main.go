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

	quietUnlessLogging()

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

// quietUnlessLogging turns the provider's and the SDK's logs off when
// Terraform collects none: without TF_LOG or TF_LOG_PROVIDER Terraform
// discards every line a provider writes, and formatting the framework's
// trace lines took a quarter of the provider's CPU in a plan over 1,000
// keys (pprof, make bench). A level the user sets always wins.
func quietUnlessLogging() {
	for _, name := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_OBJECTSTORAGE", "TF_LOG_SDK"} {
		if os.Getenv(name) != "" {
			return
		}
	}
	for _, name := range []string{"TF_LOG_PROVIDER_OBJECTSTORAGE", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if os.Getenv(name) == "" {
			_ = os.Setenv(name, "OFF")
		}
	}
}
