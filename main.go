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

// providerMemoryLimit is the provider's soft memory limit. Two things
// outgrow a small heap: the framework's working set over many resources
// (the do-nothing provider of make bench peaks at 100 to 170 MiB over
// 1,000 keys with no limit, ours at about 97 MiB with this one), and the
// 64 MiB argon2id block of a MinIO InfoServiceAccount answer, read where
// the IAM export is refused. At 56 MiB both providers stay near 75 to
// 97 MiB and plans over 1,000 keys take 1.6 times as long: the working
// set is larger than the limit and the collector runs without pause.
const providerMemoryLimit = 80 << 20

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	// A soft memory limit makes the garbage collector reclaim garbage
	// before the heap doubles (providerMemoryLimit). GOMEMLIMIT, when set,
	// wins.
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
