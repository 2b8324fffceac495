package main

import (
	"os"
	"testing"
)

var logLevels = []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_OBJECTSTORAGE", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// Without a log level set, the provider writes no log lines Terraform
// would discard.
func TestQuietWhenTerraformCollectsNoLogs(t *testing.T) {
	for _, name := range logLevels {
		t.Setenv(name, "")
	}
	quietUnlessLogging()
	for _, name := range []string{"TF_LOG_PROVIDER_OBJECTSTORAGE", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if got := os.Getenv(name); got != "OFF" {
			t.Errorf("%s = %q, want OFF", name, got)
		}
	}
}

// A level the user sets, for Terraform or for the provider, leaves every
// level as it is.
func TestLogLevelsAreKeptWhenLogging(t *testing.T) {
	for _, set := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_OBJECTSTORAGE", "TF_LOG_SDK"} {
		t.Run(set, func(t *testing.T) {
			for _, name := range logLevels {
				t.Setenv(name, "")
			}
			t.Setenv(set, "TRACE")
			quietUnlessLogging()
			for _, name := range logLevels {
				if want := map[bool]string{true: "TRACE", false: ""}[name == set]; os.Getenv(name) != want {
					t.Errorf("%s = %q, want %q", name, os.Getenv(name), want)
				}
			}
		})
	}
}
