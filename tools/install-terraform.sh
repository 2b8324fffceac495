#!/usr/bin/env bash
# Builds the pinned Terraform CLI from the Go module proxy into
# .bin/terraform-1.14 (git-ignored) and reuses it when it is already
# there. The tests that need resource identity (Terraform 1.12) or list
# resources and `terraform query` (1.14) run against it; everything else
# uses the terraform on PATH.
#
# Terraform's go.mod points ten of its own nested modules at directories of
# its repository (the remote-state backends and internal/legacy). The
# module proxy serves the main module without them, so they are replaced
# here by stubs: internal/legacy is imported only by Terraform's tests, and
# each remote-state backend becomes one that refuses to be configured. The
# build keeps local state and every other feature; it is only for tests.
set -euo pipefail

TERRAFORM_VERSION="v1.14.9"

source "$(dirname "${BASH_SOURCE[0]}")/pinned.sh"

if pinned_is_built terraform-1.14 "${TERRAFORM_VERSION}"; then
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
module=github.com/hashicorp/terraform
backends=(azure consul cos gcs kubernetes oss pg s3 oci)

replaces=""
for b in "${backends[@]}"; do
  dir="${work}/stubs/${b}"
  mkdir -p "${dir}"
  cat > "${dir}/go.mod" <<MOD
module ${module}/internal/backend/remote-state/${b}

go 1.25

require ${module} ${TERRAFORM_VERSION}
MOD
  cat > "${dir}/stub.go" <<GO
// Package ${b} stands in for Terraform's ${b} state backend, which this
// build leaves out.
package ${b}

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/backend/remote-state/inmem"
	"github.com/hashicorp/terraform/internal/tfdiags"
	"github.com/zclconf/go-cty/cty"
)

// New returns a backend that refuses to be configured.
func New() backend.Backend { return refused{inmem.New()} }

type refused struct{ backend.Backend }

func (refused) Configure(cty.Value) tfdiags.Diagnostics {
	var diags tfdiags.Diagnostics
	return diags.Append(tfdiags.Sourceless(tfdiags.Error, "State backend not built in",
		"This Terraform is built for tests and keeps state locally only."))
}
GO
  replaces+="replace ${module}/internal/backend/remote-state/${b} => ./stubs/${b}"$'\n'
done
mkdir -p "${work}/stubs/legacy"
printf 'module %s/internal/legacy\n\ngo 1.25\n' "${module}" > "${work}/stubs/legacy/go.mod"
replaces+="replace ${module}/internal/legacy => ./stubs/legacy"$'\n'

cat > "${work}/go.mod" <<MOD
module objectstorage.local/terraform-build

go 1.25.8

godebug winsymlink=0

require ${module} ${TERRAFORM_VERSION}

${replaces}
MOD
cat > "${work}/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/hashicorp/terraform"
GO

mkdir -p "${bin_dir}"
echo "Building Terraform ${TERRAFORM_VERSION} (several minutes, once)..." >&2
(
  cd "${work}"
  # -e: the tests of Terraform's own packages import internal/legacy,
  # whose stub is empty; the build does not need them.
  GOFLAGS=-mod=mod go mod tidy -e
  go build -trimpath -ldflags "-X ${module}/version.dev=no" -o "${bin_dir}/terraform-1.14" "${module}"
)
pinned_mark_built terraform-1.14 "${TERRAFORM_VERSION}"
