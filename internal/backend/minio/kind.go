package minio

import (
	"fmt"
	"os"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// capabilities: MinIO changes everything in place and lets the caller
// choose the access key; it never shows a secret again.
var capabilities = backend.Capabilities{
	BucketScoping:         true,
	GrantsMutable:         true,
	RenameInPlace:         true,
	CallerChosenAccessKey: true,
	// A service account's status turns it off and on.
	Disable: true,
	// MinIO takes an expiration 15 minutes to 365 days ahead
	// (minServiceAccountExpiry and maxServiceAccountExpiry in its IAM
	// store).
	Expiry:       true,
	ExpiryWithin: backend.Lifetimes{Min: 15 * time.Minute, Max: 365 * 24 * time.Hour},
	// AddServiceAccount takes a secret, UpdateServiceAccount a new one.
	CallerChosenSecret: true,
}

// Kind is the MinIO backend as the provider offers it.
var Kind = backend.Kind{
	Name:  "minio",
	Title: "MinIO",
	Description: "Manage keys as service accounts of a MinIO admin user, through MinIO's admin API. " +
		"Grants live in each service account's embedded policy.",
	KeyObject:    "service account of the configured admin user",
	KeyID:        "the access key",
	KeyName:      "a MinIO service-account name (1 to 32 characters, a letter first, then letters, digits, `_` or `-`)",
	Capabilities: capabilities,
	Settings: []backend.Setting{
		{Name: "endpoint", Title: "Endpoint", Env: "MINIO_ENDPOINT", Need: "the server's host:port",
			Description: "The MinIO server as `host:port`, without a scheme."},
		{Name: "user", Title: "User", Env: "MINIO_USER", Need: "an admin user's name",
			Description: "An admin user that may manage service accounts; the keys are its service accounts."},
		{Name: "password", Title: "Password", Env: "MINIO_PASSWORD", Sensitive: true, Need: "the admin user's password",
			Description: "The admin user's password (secret key)."},
		{Name: "ssl", Title: "SSL", Env: "MINIO_ENABLE_HTTPS", Bool: true, Default: "false",
			Description: "Use HTTPS."},
		{Name: "ca_file", Title: "CA File", Env: "MINIO_CACERT_FILE",
			Description: "A PEM file of CA certificates to trust besides the system's, for a server whose certificate a " +
				"private CA signed. Used with `ssl = true`."},
		{Name: "insecure", Title: "Insecure", Env: "MINIO_INSECURE", Bool: true, Default: "false",
			Description: "Skip the verification of the server's certificate, for tests only: anyone between the provider " +
				"and the server could read the admin password and every new key's secret. A warning says so at every run."},
	},
	Open: open,
	MoveSources: []backend.MoveSource{
		{Provider: "aminueza/minio", Type: "minio_iam_service_account", Decode: decodeMinIOServiceAccount},
		{Provider: "aminueza/minio", Type: "minio_accesskey", Decode: decodeMinIOAccessKey},
	},
}

func open(s backend.Settings) backend.Driver {
	cfg := Config{
		Endpoint:   s.String("endpoint"),
		User:       s.String("user"),
		Password:   s.String("password"),
		SSL:        s.Bool("ssl"),
		Insecure:   s.Bool("insecure"),
		AppName:    "terraform-provider-objectstorage",
		AppVersion: s.ProviderVersion(),
	}
	failed := false
	if caFile := s.String("ca_file"); caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			s.Error("ca_file", "Unreadable CA File", fmt.Sprintf("The provider cannot read the CA file: %v.", err))
			failed = true
		}
		cfg.CACertPEM = pem
	}
	if (cfg.Insecure || len(cfg.CACertPEM) > 0) && !cfg.SSL {
		s.Warn("ssl", "TLS Settings Without TLS",
			"minio.ca_file and minio.insecure apply to HTTPS only, but minio.ssl is false: they have no effect.")
	}
	if cfg.Insecure && cfg.SSL {
		s.Warn("insecure", "Certificate Verification Disabled",
			"minio.insecure is true: the provider does not verify MinIO's certificate, so anyone between it and the server could "+
				"read the admin password and every new key's secret. Use it for tests only; trust a private CA with minio.ca_file instead.")
	}
	if failed {
		return nil
	}
	b, err := New(cfg)
	if err != nil {
		s.Error("endpoint", "Invalid MinIO Settings",
			"The provider could not set up a MinIO admin client (endpoint must be host:port without a scheme; ca_file must hold PEM certificates): "+err.Error())
		return nil
	}
	return b
}
