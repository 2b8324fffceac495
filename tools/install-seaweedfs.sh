#!/usr/bin/env bash
# Builds the pinned SeaweedFS server (weed) from the Go module proxy into
# .bin/weed (git-ignored) and reuses it when it is already there. The IAM
# backend's tests run it on loopback: one process serves S3 and the IAM
# API. SeaweedFS's go.mod has a replace directive, which `go install`
# refuses, so the build goes through a small wrapper module that repeats it.
set -euo pipefail

# SeaweedFS 4.53 (`weed version`); the module publishes no semver tags.
SEAWEEDFS_VERSION="v0.0.0-20261109003541-7506e5f91cd6"
# SeaweedFS's own replace at that version.
BIP39_REPLACE="github.com/tyler-smith/go-bip39 => github.com/cosmos/go-bip39 v1.0.0"

source "$(dirname "${BASH_SOURCE[0]}")/pinned.sh"

if pinned_is_built weed "${SEAWEEDFS_VERSION}"; then
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
cat > "${work}/go.mod" <<MOD
module objectstorage.local/seaweedfs-build

go 1.26.8

require github.com/seaweedfs/seaweedfs ${SEAWEEDFS_VERSION}

replace ${BIP39_REPLACE}
MOD
cat > "${work}/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/seaweedfs/seaweedfs/weed"
GO

mkdir -p "${bin_dir}"
echo "Building SeaweedFS ${SEAWEEDFS_VERSION} (about five minutes, once)..." >&2
(
  cd "${work}"
  GOFLAGS=-mod=mod go mod tidy
  go build -trimpath -o "${bin_dir}/weed" github.com/seaweedfs/seaweedfs/weed
)
pinned_mark_built weed "${SEAWEEDFS_VERSION}"
