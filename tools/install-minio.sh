#!/usr/bin/env bash
# Builds the pinned MinIO server from the Go module proxy into .bin/ (git-ignored)
# and reuses it when it is already there. The acceptance tests and `make demo`
# run this binary on a loopback port.
set -euo pipefail

# The MinIO server publishes no semver tags to the module proxy; this pseudo-version
# is the one the acceptance suite is verified against.
MINIO_VERSION="v0.0.0-20260212201848-7aac2a2c5b7c"

source "$(dirname "${BASH_SOURCE[0]}")/pinned.sh"

if pinned_is_built minio "${MINIO_VERSION}"; then
  exit 0
fi

mkdir -p "${bin_dir}"
echo "Building MinIO server ${MINIO_VERSION} (a few minutes, once)..." >&2
GOBIN="${bin_dir}" GOFLAGS=-buildvcs=false go install "github.com/minio/minio@${MINIO_VERSION}"
pinned_mark_built minio "${MINIO_VERSION}"
