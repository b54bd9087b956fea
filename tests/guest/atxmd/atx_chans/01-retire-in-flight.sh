# A channel atx gives back (max_channels lowered, or its device going)
# while an operation on it has not completed is held until the operation
# does: given back at once, the provider's free_chan_resources would drop
# the operation without its callback, and its caller (an md stripe) would
# wait for good. Here channel 0 of cbdma0 stalls under one xor, atx is
# told to let go of it, and the xor still completes once the stall ends.
. /lib/cbdma/vm/testlib.sh
[ -d /sys/module/atx ] || fail "atx.ko not loaded"
MAXCHAN=/sys/module/atx/parameters/max_channels
DEP=/sys/module/atx/parameters/dep_timeout_ms
WD=/sys/module/cbdma/parameters/watchdog_ms
PCI=0000:00:01.0
old_dep=$(cat $DEP)
old_wd=$(cat $WD)
cleanup() {
	qmp qom-set cbdma0 fault-stall false >/dev/null 2>&1
	echo $old_dep >$DEP
	echo $old_wd >$WD
	echo -1 >$MAXCHAN
}
trap cleanup EXIT

echo 1 >$MAXCHAN || fail "max_channels=1"
grep -q '^chan dma0chan0 ' /sys/kernel/debug/atx/stats ||
	fail "atx does not hold dma0chan0: $(grep '^chan' /sys/kernel/debug/atx/stats)"
[ -d /sys/kernel/debug/atx_bench ] ||
	insmod /lib/cbdma/modules/atx_bench.ko || fail "insmod atx_bench"
# cbdma's watchdog leaves the stall alone; atx's drain gives up at 200 ms
echo 60000 >$WD || fail "watchdog_ms=60000"
echo 100 >$DEP || fail "dep_timeout_ms=100"
qmp_ok qom-set cbdma0 fault-chan 0
qmp_ok qom-set cbdma0 fault-stall true
dmesg -c >/dev/null
rm -f /tmp/bench.out
(echo "xor srcs=8 ops=1 inflight=1" >/sys/kernel/debug/atx_bench/run &&
	cat /sys/kernel/debug/atx_bench/run >/tmp/bench.out) &
wait_for 10 chan_stat_is $PCI 0 submitted: 1 || fail "the xor never reached dma0chan0"
# atx lets go of every channel: the drain runs out, the channel is held
echo 0 >$MAXCHAN || fail "max_channels=0"
chan_stat_is $PCI 0 submitted: 1 || fail "the xor left the channel while it stalled"
dmesg | grep "atx: dma0chan0: .* holding the channel" ||
	fail "dma0chan0 not held back"
qmp_ok qom-set cbdma0 fault-stall false
wait_for 20 test -s /tmp/bench.out || fail "the xor never completed"
echo "xor -> $(cat /tmp/bench.out)"
grep -q "^result=ok" /tmp/bench.out || fail "the xor did not complete"
wait_for 10 sh -c 'dmesg | grep -q "atx: dma0chan0 given back"' ||
	fail "dma0chan0 never given back"
dmesg | grep "atx: dma0chan0"
