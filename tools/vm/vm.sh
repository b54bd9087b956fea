#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm.sh [options] SCRIPT: build what is missing (kernel, QEMU, modules,
# initramfs) and run SCRIPT in the guest with the stack loaded. SCRIPT's
# output is printed and its exit status returned (see tools/vm/cbdma-vm).
#
#   --flavour default|debug   guest kernel flavour (default: default)
#   --stack STACK             what is loaded before SCRIPT: cbdma (default),
#                             atx, peer or none (tools/vm/guest/lib.sh)
#   --cbdma N                 number of -device cbdma (default: 1)
#   --props a=b,c=d           properties of every cbdma device
#   --files "a b"             host files copied to /extra in the guest
#   --timeout S               wall-clock bound for the whole boot (default 600)
#   --name NAME               run directory under $CBDMA_CACHE/runs
#   --smp N, --mem MB         guest CPUs and memory
#   --shell                   interactive shell on the serial console
#   --quiet                   do not stream SCRIPT's output
#   --append ARGS             extra guest kernel command line
#   --pin                     QEMU's main loop and the model's engine
#                             threads on the last host CPU, the rest apart
#   --trace PATTERNS          enable QEMU trace events (e.g. 'cbdma_*' or
#                             'cbdma_engine*,cbdma_irq'),
#                             logged with host timestamps to qemu-trace.log
#                             in the run directory

set -euo pipefail
. "$(dirname "$0")/../build/lib.sh"

flavour=default stack=cbdma ndev=1 props= files= timeout=600 name=vm
smp=2 mem=1024 shell=0 quiet=() append= pin=() trace=()
while [[ $# -gt 0 ]]; do
	case $1 in
	--flavour) flavour=$2; shift 2 ;;
	--stack) stack=$2; shift 2 ;;
	--cbdma) ndev=$2; shift 2 ;;
	--props) props=$2; shift 2 ;;
	--files) files=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--name) name=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--shell) shell=1; shift ;;
	--quiet) quiet=(--quiet); shift ;;
	--append) append=$2; shift 2 ;;
	--pin) pin=(--pin); shift ;;
	--trace) trace=(--trace "$2"); shift 2 ;;
	-*) die "vm.sh: unknown option $1" ;;
	*) break ;;
	esac
done
script=${1:-}
[[ $shell == 1 || -n $script ]] || die "vm.sh: no SCRIPT given"
[[ -z $script || -f $script ]] || die "vm.sh: SCRIPT '$script' not found"
[[ $ndev =~ ^[0-9]+$ ]] || die "vm.sh: --cbdma wants a number, got '$ndev'"
[[ $timeout =~ ^[0-9]+$ ]] || die "vm.sh: --timeout wants seconds, got '$timeout'"

kbuild=$("$CBDMA_ROOT/tools/build/kernel.sh" "$flavour")
qemu=$("$CBDMA_ROOT/tools/build/qemu.sh")
moddir=$("$CBDMA_ROOT/tools/build/modules.sh" "$flavour")

run=$CBDMA_CACHE/runs/$name
rm -rf "$run"
mkdir -p "$run/job/job" "$run/job/extra"
if [[ -n $script ]]; then
	cp "$script" "$run/job/job/run.sh"
fi
for f in $files; do
	[[ -e $f ]] || die "vm.sh: FILES entry '$f' not found"
	cp -r "$f" "$run/job/extra/"
done
"$CBDMA_ROOT/tools/vm/mkinitramfs.sh" "$kbuild" "$moddir" "$run/job" \
	"$run/initramfs.cpio"

vmargs=(--qemu "$qemu" --kernel "$kbuild/arch/x86/boot/bzImage"
	--initrd "$run/initramfs.cpio" --flavour "$flavour" --stack "$stack"
	--cbdma "$ndev" --cbdma-props "$props" --timeout "$timeout"
	--smp "$smp" --mem "$mem" --workdir "$run" "${quiet[@]}" "${pin[@]}"
	"${trace[@]}")
if [[ $shell == 1 ]]; then
	exec "$CBDMA_ROOT/tools/vm/cbdma-vm" "${vmargs[@]}" --interactive \
		--append "cbdma.shell=1 $append"
fi
exec "$CBDMA_ROOT/tools/vm/cbdma-vm" "${vmargs[@]}" --append "$append"

