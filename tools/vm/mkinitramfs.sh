#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh KBUILD MODDIR JOBDIR OUT
#
# Write the guest initramfs OUT from a gen_init_cpio file list:
#   - busybox-static, mdadm and the shared libraries it links;
#   - the kernel's modules (modules_install tree in KBUILD/mods);
#   - cbdma's modules from MODDIR (*.ko anywhere below it) under
#     /lib/cbdma/modules, KUnit test modules (*_test.ko) under
#     /lib/cbdma/kunit;
#   - the guest scripts (tools/vm/guest, tests/guest) under /lib/cbdma;
#   - JOBDIR/job (run.sh) under /job, JOBDIR/extra under /extra.
# The list is generated, never written by hand; it is kept next to OUT.

set -euo pipefail
. "$(dirname "$0")/../build/lib.sh"

kbuild=$1 moddir=$2 jobdir=$3 out=$4
list=$out.list
gen=$kbuild/usr/gen_init_cpio
[[ -x $gen ]] || die "mkinitramfs: $gen missing (kernel not built?)"

declare -A seen_dir
emit_dir() {
	local d=$1
	[[ -z $d || $d == / || -n ${seen_dir[$d]:-} ]] && return 0
	emit_dir "$(dirname "$d")"
	seen_dir[$d]=1
	echo "dir $d 755 0 0"
}

emit_file() { # guest-path host-path mode
	emit_dir "$(dirname "$1")"
	echo "file $1 $2 ${3:-644} 0 0"
}

emit_tree() { # guest-dir host-dir
	local f
	[[ -d $2 ]] || return 0
	while IFS= read -r f; do
		if [[ -x $2/$f ]]; then
			emit_file "$1/$f" "$2/$f" 755
		else
			emit_file "$1/$f" "$2/$f"
		fi
	done < <(cd "$2" && find . -type f | sed 's|^\./||' | sort)
}

{
	for d in /dev /proc /sys /tmp /mnt /run /root /etc; do
		emit_dir "$d"
	done
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "nod /dev/null 666 0 0 c 1 3"
	emit_file /bin/busybox /bin/busybox 755
	for applet in $(/bin/busybox --list); do
		[[ $applet == busybox ]] && continue
		echo "slink /bin/$applet busybox 777 0 0"
	done
	emit_file /sbin/mdadm /sbin/mdadm 755
	for lib in $(ldd /sbin/mdadm | grep -o '/[^ ]*'); do
		emit_file "$lib" "$(readlink -f "$lib")" 755
	done
	echo "file /etc/mdadm.conf /dev/null 644 0 0"
	emit_file /init "$CBDMA_ROOT/tools/vm/guest/init" 755
	emit_tree /lib/cbdma/vm "$CBDMA_ROOT/tools/vm/guest"
	emit_tree /lib/cbdma/tests "$CBDMA_ROOT/tests/guest"
	emit_tree /lib/modules "$kbuild/mods/lib/modules"
	while IFS= read -r ko; do
		case $ko in
		*_test.ko) emit_file "/lib/cbdma/kunit/$(basename "$ko")" "$ko" ;;
		*) emit_file "/lib/cbdma/modules/$(basename "$ko")" "$ko" ;;
		esac
	done < <(find "$moddir" -name '*.ko' 2>/dev/null | sort)
	emit_tree /job "$jobdir/job"
	emit_tree /extra "$jobdir/extra"
} >"$list"

"$gen" "$list" >"$out"
