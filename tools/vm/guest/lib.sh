# SPDX-License-Identifier: GPL-2.0
# Guest helpers shared by init and the test scripts (sourced).

CBDMA_MODDIR=/lib/cbdma/modules

# stack_load cbdma|atx|peer|none: what a job finds loaded when it starts.
#   cbdma: cbdma.ko bound to every -device cbdma (md then runs over the
#          kernel's own async_tx);
#   atx:   cbdma.ko and atx.ko, which replaces the kernel's async_tx
#          modules (same exports: the two can never be loaded together,
#          see md_load in testlib.sh);
#   peer:  the in-tree ioatdma driver (conformance reference);
#   none:  nothing;
#   timing, intx: as cbdma, for the boots of those names (boots.conf).
stack_load() {
	case $1 in
	cbdma | timing | intx)
		# in-tree modules ours link to (the self-test checks against
		# xor_blocks() and lib/raid6)
		modprobe -a xor raid6_pq || {
			echo "cbdma guest: modprobe xor raid6_pq failed"
			return 1
		}
		cbdma_insmod cbdma
		;;
	atx | atxmd | atxfault)
		# what atx.ko and raid456 link to besides each other; md_mod
		# is built in, modprobe accepts it
		modprobe -a xor raid6_pq md_mod || {
			echo "cbdma guest: modprobe xor raid6_pq md_mod failed"
			return 1
		}
		cbdma_insmod cbdma && cbdma_insmod atx
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

# cbdma_insmod NAME: insert /lib/cbdma/modules/NAME.ko, saying why not
cbdma_insmod() {
	if [ ! -f $CBDMA_MODDIR/$1.ko ]; then
		echo "cbdma guest: $CBDMA_MODDIR/$1.ko not found (not built?)"
		return 1
	fi
	insmod $CBDMA_MODDIR/$1.ko || {
		echo "cbdma guest: insmod $1.ko failed"
		return 1
	}
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
