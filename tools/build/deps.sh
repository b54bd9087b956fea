#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the cbdma build and test harness needs.
# Idempotent: does nothing when every package is present. Uses sudo when not
# root. Only the machine's own sources are used here; the QEMU source package
# is fetched with a private apt state by tools/build/qemu.sh.

set -euo pipefail

PACKAGES=(
	gcc make bc bison flex libelf-dev libssl-dev dwarves
	cpio kmod xz-utils rsync busybox-static mdadm dpkg-dev
	ninja-build meson pkg-config libglib2.0-dev libpixman-1-dev libfdt-dev
	python3 qemu-system-x86 qemu-system-data seabios
	linux-source-6.1 sparse
)

missing=()
for p in "${PACKAGES[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[[ "$st" == "install ok installed" ]] || missing+=("$p")
done

[[ ${#missing[@]} -eq 0 ]] && exit 0

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
	command -v sudo >/dev/null || {
		echo "cbdma: deps: need root or sudo to install: ${missing[*]}" >&2
		exit 1
	}
	SUDO=(sudo)
fi

echo "cbdma: deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT

install() {
	"${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}" \
		>"$log" 2>&1
}

if ! install; then
	# A fresh machine may have stale or empty lists: refresh the machine's
	# own lists (never a private source list here) and try once more.
	if ! "${SUDO[@]}" apt-get update >>"$log" 2>&1 || ! install; then
		reason=$(grep -E '^(E|Err):' "$log" | head -n 1)
		echo "cbdma: deps: apt-get could not install ${missing[*]}: ${reason:-see below}" >&2
		tail -n 5 "$log" >&2
		exit 1
	fi
fi
echo "cbdma: deps: installed ${#missing[@]} packages" >&2
