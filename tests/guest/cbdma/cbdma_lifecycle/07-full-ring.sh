# A client that streams more descriptors than the ring holds while the
# channel is stalled for a second (the model's fault-stall), so the ring
# fills. With ring_max_order lowered at run time to the initial order (8:
# 256 slots), prep fails while the ring is full (the client issues, reaps
# and retries), no descriptor is lost and the ring never grows; at the
# default bound the same stream grows it.
. /lib/cbdma/vm/testlib.sh
DEV=cbdma1
PCI=0000:00:02.0
[ -d /sys/bus/pci/devices/$PCI/dma ] || skip "needs two cbdma devices"
CH=$(chan_of $PCI 1)
param=/sys/module/cbdma/parameters/ring_max_order
old=$(cat $param)
trap 'echo $old >$param; qmp qom-set $DEV fault-stall false >/dev/null' EXIT
stream() {
	qmp_ok qom-set $DEV fault-chan 1
	qmp_ok qom-set $DEV fault-stall true
	# well inside the watchdog's period (2 s), so nothing is reset
	(sleep 1; qmp_ok qom-set $DEV fault-stall false) &
	expect_client "ok *count=600 result=noerror status=complete verify=ok*" \
		memcpy chan=$CH len=4096 count=600 issue_every=64 irq_last
	wait
}

echo 8 >$param || fail "ring_max_order=8 refused"
g0=$(chan_stat $PCI 1 ring_grows)
stream
g1=$(chan_stat $PCI 1 ring_grows)
echo "ring_max_order=8: ring_grows $g0 -> $g1"
[ -n "$g0" ] && [ "$g1" = "$g0" ] || fail "the ring grew past ring_max_order"

echo 14 >$param || fail "ring_max_order=14 refused"
stream
g2=$(chan_stat $PCI 1 ring_grows)
echo "ring_max_order=14: ring_grows $g1 -> $g2"
[ "$g2" -gt "$g1" ] || fail "a ring filled by a stream did not grow"
