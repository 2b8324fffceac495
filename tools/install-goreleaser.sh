#!/usr/bin/env bash
# Builds the pinned goreleaser into .bin/ (git-ignored) for `make
# release-check`, and reuses it when it is already there. v2.16.0 is the
# newest release that builds here: v2.18 needs Go 1.27, and v2.17 depends on
# a module (go.digitalxero.dev/go-msix) the module proxy does not serve.
set -euo pipefail

GORELEASER_VERSION="v2.16.0"

source "$(dirname "${BASH_SOURCE[0]}")/pinned.sh"

if pinned_is_built goreleaser "${GORELEASER_VERSION}"; then
  exit 0
fi
mkdir -p "${bin_dir}"
echo "Building goreleaser ${GORELEASER_VERSION} (a few minutes, once)..." >&2
GOBIN="${bin_dir}" GOFLAGS=-buildvcs=false go install "github.com/goreleaser/goreleaser/v2@${GORELEASER_VERSION}"
pinned_mark_built goreleaser "${GORELEASER_VERSION}"
