#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# modules.sh FLAVOUR: build cbdma's modules against the cached guest kernel
# of FLAVOUR and print the directory holding the .ko files. The sources are
# mirrored (mtimes kept) into the cache so build outputs stay out of the
# repository and Kbuild rebuilds only what changed.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavour=${1:-default}
kbuild=$("$CBDMA_ROOT/tools/build/kernel.sh" "$flavour")
dst=$CBDMA_CACHE/modules/$flavour

build() {
	mkdir -p "$dst"
	rsync -a --delete --exclude=.git --exclude=tools --exclude=Documentation \
		--include='*/' --include='*.[ch]' --include=Kbuild \
		--include=Makefile --exclude='*' "$CBDMA_ROOT/" "$dst/"
	make -C "$kbuild" M="$dst" -s -j"$(jobs_nr)" modules >&2 ||
		die "modules.sh: module build failed"
}

# check.sh builds once for all its boots
[[ ${CBDMA_MODULES_BUILT:-} == "$flavour" && -d $dst ]] ||
	with_lock "modules-$flavour" build
echo "$dst"
