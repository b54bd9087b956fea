# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench`: throughput of independent async_xor over
# atx + cbdma with 1, 2 and 4 channels. The boot's model has a per-channel
# bandwidth cap (bench.sh), like a real part whose channels run in
# parallel; without one every channel of the model shares QEMU's one
# thread and no scaling is possible.
. /lib/cbdma/vm/testlib.sh

REPS=5

insmod /lib/cbdma/modules/atx_bench.ko || fail "insmod atx_bench"
for n in 1 2 4; do
	echo $n >/sys/module/atx/parameters/max_channels ||
		fail "max_channels=$n"
	[ "$(grep -c '^chan ' /sys/kernel/debug/atx/stats)" = $n ] ||
		fail "atx does not hold $n channel(s)"
	mbps=$(for i in $(seq 1 $REPS); do
		echo "xor srcs=8 len=4096 ops=1500 inflight=64" \
			>/sys/kernel/debug/atx_bench/run || exit 1
		tr ' ' '\n' </sys/kernel/debug/atx_bench/run | sed -n 's/^mbps=//p'
	done | median)
	echo "BENCH atx_xor_chains_${n}ch MB/s $mbps atx_bench independent 8x4KiB xors, 64 in flight, $n channel(s), median of $REPS"
done
cat /sys/kernel/debug/atx/stats
