# SPDX-License-Identifier: GPL-2.0
# Guest helpers shared by init and the test scripts (sourced).

CBDMA_MODDIR=/lib/cbdma/modules

# stack_load cbdma|peer|none: what a job finds loaded when it starts.
#   cbdma: cbdma.ko (and atx.ko when built) bound to every -device cbdma;
#   peer:  the in-tree ioatdma driver (conformance reference);
#   none:  nothing;
#   timing, intx: as cbdma, for the boots of those names (boots.conf).
stack_load() {
	case $1 in
	cbdma | timing | intx)
		# in-tree modules ours link to (the self-test checks against
		# xor_blocks() and lib/raid6)
		modprobe -a xor raid6_pq || return 1
		for m in cbdma atx; do
			[ -f $CBDMA_MODDIR/$m.ko ] || continue
			insmod $CBDMA_MODDIR/$m.ko || {
				echo "cbdma guest: insmod $m.ko failed"
				return 1
			}
		done
		;;
	peer)
		modprobe ioatdma || {
			echo "cbdma guest: modprobe ioatdma failed"
			return 1
		}
		;;
	none) ;;
	*)
		echo "cbdma guest: unknown stack '$1'"
		return 1
		;;
	esac
}

kmemleak_report() {
	[ -w /sys/kernel/debug/kmemleak ] || return 0
	echo scan >/sys/kernel/debug/kmemleak
	sleep 1
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
}

# dma_channels: one line per DMA channel: name, device, capabilities.
dma_channels() {
	for c in /sys/class/dma/dma*chan*; do
		[ -e "$c" ] || continue
		echo "$(basename $c) $(basename $(readlink -f $c/device))" \
			"in_use=$(cat $c/in_use)"
	done
}
