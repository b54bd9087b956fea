#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh: the kernel's checkpatch.pl (--strict, options in
# .checkpatch.conf) on every kernel C file of cbdma, then sparse through
# Kbuild (C=2) on the modules, then QEMU's own checkpatch.pl on the device
# model (tools/qemu). Exits non-zero on any error or warning.

set -uo pipefail
. "$(dirname "$0")/lib.sh"

kbuild=$("$CBDMA_ROOT/tools/build/kernel.sh" default) || exit 1
src=$(cd "$kbuild" && readlink -f source)
rc=0

mapfile -t files < <(cd "$CBDMA_ROOT" && git ls-files 'drivers/*.[ch]' \
	'crypto/*.[ch]' 'include/*.h' 'tests/*.[ch]' 'samples/*.[ch]')
echo "== checkpatch.pl --strict on ${#files[@]} files"
(cd "$CBDMA_ROOT" && perl "$src/scripts/checkpatch.pl" --no-tree --strict \
	--max-line-length=80 --ignore FILE_PATH_CHANGES -q --terse \
	--show-types -f "${files[@]}") || rc=1

command -v sparse >/dev/null || "$CBDMA_ROOT/tools/build/deps.sh"
echo "== sparse (make C=2)"
dst=$CBDMA_CACHE/modules/sparse
mkdir -p "$dst"
rsync -a --delete --exclude=.git --exclude=tools --exclude=Documentation \
	--include='*/' --include='*.[ch]' --include=Kbuild --exclude='*' \
	"$CBDMA_ROOT/" "$dst/"
make -C "$kbuild" M="$dst" C=2 -s -j"$(jobs_nr)" modules 2>&1 |
	grep -E 'warning|error' | sed "s|$dst/||" | tee "$dst/sparse.log"
[[ -s $dst/sparse.log ]] && rc=1

"$CBDMA_ROOT/tools/build/qemu.sh" >/dev/null || exit 1
qsrc=$CBDMA_CACHE/src/qemu-$(cat "$CBDMA_CACHE/src/qemu.version")
mapfile -t qfiles < <(cd "$CBDMA_ROOT" && git ls-files 'tools/qemu/*.[ch]')
echo "== QEMU's checkpatch.pl on ${#qfiles[@]} files"
# it exits 0 on warnings: any ERROR or WARNING line fails
(cd "$CBDMA_ROOT" && perl "$qsrc/scripts/checkpatch.pl" --no-tree -q \
	-f "${qfiles[@]}") | tee "$dst/qemu-checkpatch.log"
grep -qE '^(ERROR|WARNING)' "$dst/qemu-checkpatch.log" && rc=1
[[ $rc == 0 ]] && echo "checkpatch, sparse and QEMU's checkpatch: clean"
exit $rc
