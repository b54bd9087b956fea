# SPDX-License-Identifier: GPL-2.0
#
# `make run`: the guest side of the main job. The VM booted with the cbdma
# model and cbdma.ko bound to it; show each DMA channel and what it can do,
# then offload one copy, one xor and one pq through the dmaengine API
# (tests/client) and print what the client saw.
. /lib/cbdma/vm/lib.sh

echo "== cbdma devices"
for d in /sys/kernel/debug/cbdma/*/; do
	[ -d "$d" ] || continue
	echo "$(basename $d): $(head -n 1 $d/caps)"
	sed -n 's/^/    /; 2,$p' $d/caps
done

echo "== DMA channels"
for c in /sys/class/dma/dma*chan*; do
	[ -e "$c" ] || continue
	pci=$(basename "$(readlink -f $c/device)")
	drv=$(basename "$(readlink -f $c/device/driver)")
	caps=$(head -n 1 /sys/kernel/debug/cbdma/$pci/caps 2>/dev/null)
	echo "$(basename $c): $pci ($drv) caps: ${caps:-?}"
done

insmod /lib/cbdma/modules/cbdma_client.ko || exit 1
run=/sys/kernel/debug/cbdma_client/run
rc=0
echo "== offloaded operations"
for cmd in "memcpy len=65536 off=5" "memset len=65536" \
	   "xor src=8 len=65536" "pq src=12 len=65536" \
	   "pq_val src=6 len=4096 corrupt"; do
	echo "$cmd" >$run
	r=$(cat $run)
	echo "$cmd -> $r"
	case $r in *verify=ok*) ;; *) rc=1 ;; esac
done
echo "== channel 0 of the first device after the run"
sed -n '/^op /,$p' /sys/kernel/debug/cbdma/*/chan0 | head -n 9
rmmod cbdma_client
exit $rc
