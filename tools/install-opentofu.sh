#!/usr/bin/env bash
# Builds the pinned OpenTofu CLI from the Go module proxy into .bin/tofu
# (git-ignored) and reuses it when it is already there. OpenTofu's go.mod
# has a replace directive, which `go install` refuses, so the build goes
# through a small wrapper module that repeats it.
set -euo pipefail

OPENTOFU_VERSION="v1.12.6"
# OpenTofu's own replace and godebug settings at that version.
HCL_REPLACE="github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.20.2-0.20251021132045-587d123c2828"

source "$(dirname "${BASH_SOURCE[0]}")/pinned.sh"

if pinned_is_built tofu "${OPENTOFU_VERSION}"; then
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
cat > "${work}/go.mod" <<MOD
module objectstorage.local/tofu-build

go 1.26.6

godebug (
	tlsmlkem=0
	winsymlink=0
)

require github.com/opentofu/opentofu ${OPENTOFU_VERSION}

replace ${HCL_REPLACE}
MOD
cat > "${work}/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/opentofu/opentofu/cmd/tofu"
GO

mkdir -p "${bin_dir}"
echo "Building OpenTofu ${OPENTOFU_VERSION} (about five minutes, once)..." >&2
(
  cd "${work}"
  GOFLAGS=-mod=mod go mod tidy
  go build -trimpath -ldflags "-X github.com/opentofu/opentofu/version.dev=no" -o "${bin_dir}/tofu" github.com/opentofu/opentofu/cmd/tofu
)
pinned_mark_built tofu "${OPENTOFU_VERSION}"
