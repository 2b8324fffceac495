// Package tools pins the project's generators and linters (the tool lines of
// go.mod) and runs the generators: `make generate` runs `go generate` here.
package tools

// Format the examples, then regenerate docs/ from the provider's schema,
// templates/ and examples/.
//go:generate terraform fmt -recursive ../examples/
//go:generate go tool tfplugindocs generate --provider-dir .. --provider-name objectstorage --rendered-provider-name objectstorage
//go:generate go tool tfplugindocs validate --provider-dir .. --provider-name objectstorage
