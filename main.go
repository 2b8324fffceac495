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

// providerGCPercent makes the garbage collector run when the heap has grown
// by half since the last collection rather than doubled. The framework's
// working set grows with the number of resources (the do-nothing provider
// of make bench peaks at 100 to 170 MiB over 1,000 keys and 530 to 720 MiB
// over 5,000), so a collection proportional to the heap is the one that
// fits every size: a fixed soft limit of 80 MiB kept 1,000 keys near
// 97 MiB but, at 5,000 keys, far below the working set, made the collector
// run without pause and plans take 1.6 times the do-nothing provider's.
const providerGCPercent = 50

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	// GOGC or GOMEMLIMIT, when set, win.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(providerGCPercent)
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
