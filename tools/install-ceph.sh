#!/usr/bin/env bash
# Installs the pinned Ceph (a monitor, an OSD and the RADOS Gateway) from
# Debian's packages, for the ceph backend's tests: Debian 12 carries Ceph
# 16.2.15 (pacific) and no newer one. The packages go where Debian puts
# them (they are not built from source like the other servers); the tests
# start a throw-away single-node cluster of their own under a temporary
# folder (internal/backend/ceph/cephtest/server.go). Needs root or sudo
# once; does nothing when the pinned version is already there.
set -euo pipefail

# The upstream release is pinned; Debian's security updates to it (the
# +debNNuN revision) are taken, since the mirror keeps only the newest.
CEPH_VERSION="16.2.15"
packages=(ceph-mon ceph-osd radosgw ceph-common)

installed() {
  for p in "${packages[@]}"; do
    [[ "$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null)" == "${CEPH_VERSION}+"* ]] || return 1
  done
}

if installed; then
  exit 0
fi

sudo=()
if [[ "$(id -u)" != 0 ]]; then
  if ! command -v sudo >/dev/null; then
    echo "Installing Ceph ${CEPH_VERSION} from Debian's packages needs root: run as root, or install sudo." >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "Installing Ceph ${CEPH_VERSION} from Debian's packages (about a minute, once)..." >&2
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
if ! installed; then
  echo "Debian's packages no longer give Ceph ${CEPH_VERSION}: $(dpkg-query -W radosgw)" >&2
  exit 1
fi
