package gcstest

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest/peerkit"
)

// peers are the resources of the provider hashicorp/google whose keys move
// onto this backend, as the stand-in serves them: google_storage_hmac_key's
// schema of its public source
// (google/services/storage/resource_storage_hmac_key.go; terraform-plugin-sdk
// v2, schema version 0).
var peers = []peerkit.Provider{{Name: "google", Namespace: "hashicorp", Resources: []*peerkit.Resource{{
	Type: "google_storage_hmac_key", KeyAttribute: "service_account_email",
	Schema: schema.Schema{Attributes: map[string]schema.Attribute{
		"id":                    peerkit.Computed,
		"service_account_email": schema.StringAttribute{Required: true},
		"state":                 peerkit.SDKString, // optional, default ACTIVE
		"access_id":             peerkit.Computed,
		"secret":                peerkit.Secret,
		"time_created":          peerkit.Computed,
		"updated":               peerkit.Computed,
		"project":               peerkit.SDKString,
	}},
}}}}
