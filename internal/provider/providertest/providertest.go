// Package providertest lends a backend's own acceptance tests, in its
// folder, the provider as terraform-plugin-testing runs it in process.
package providertest

import (
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/provider"
)

// Factories serve the provider, configured from HCL, to resource.Test.
func Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"objectstorage": providerserver.NewProtocol6WithError(provider.New("test")()),
	}
}

// StateID is the id a resource has in state.
func StateID(s *terraform.State, address string) string {
	return s.RootModule().Resources[address].Primary.ID
}
