#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install the Debian packages hardboot needs, only those that are missing.
# Called by `make deps` (and so by `make run`, `make test` and .ci/run).
set -eu

# One package per line: what it is for is in README.md ("Dependencies").
PKGS="
qemu-system-x86
qemu-system-arm
gcc-aarch64-linux-gnu
dieharder
gnuplot-nox
libglib2.0-dev
libjansson-dev
libgsl-dev
libssl-dev
libelf-dev
pkg-config
bats
bats-support
bats-assert
binutils
binutils-aarch64-linux-gnu
openssl
jq
clang
shellcheck
chromium
parallel
rsync
openssh-server
openssh-client
"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "hardboot: missing Debian packages:$missing (run 'make deps' as root)" >&2
	exit 3
fi
echo "hardboot: installing$missing"
# An empty package list (fresh container) needs an update first.
if [ -n "${HARDBOOT_APT_UPDATE:-}" ] || ! find /var/lib/apt/lists -maxdepth 1 -name "*Packages*" 2>/dev/null | grep -q .; then
	apt-get update -q || echo "hardboot: apt-get update failed; trying the cached package lists" >&2
fi
# shellcheck disable=SC2086 # word splitting of the package list is intended
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing ||
	{ apt-get update -q &&
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing; }
