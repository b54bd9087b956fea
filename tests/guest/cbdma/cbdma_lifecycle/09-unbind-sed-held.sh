# Super-extended descriptors (PQ with more than 8 sources) come from a DMA
# pool of the device, which goes at unbind, while a client may hold
# descriptors across it. Here the client holds 8 completed, unacked
# 16-source PQs and one prepared and not yet submitted (late), unbinds,
# then submits the late one and releases the channel. cbdma must have
# taken the pool's blocks back by then: completed descriptors hold none,
# the unbind takes the prepared one's, the pool is gone when unbind
# returns, nothing is freed into it afterwards (KASAN, and dma_pool's
# own messages, would say), and the late one completes aborted. (Its
# addresses are outside memory: should the unbind outlast the hold, it
# meets a live device, which faults, and the test fails on late=.)
. /lib/cbdma/vm/testlib.sh
PCI=0000:00:02.0
[ -d /sys/bus/pci/devices/$PCI/dma ] || skip "needs two cbdma devices"
grep -qx "max_pq 16" /sys/kernel/debug/cbdma/$PCI/caps ||
	skip "the device offers no 16-source PQ"
ch=$(chan_of $PCI 0)
out=/tmp/unbind-sed-held.out
pid=
trap '[ -n "$pid" ] && wait_for 30 pid_gone $pid' EXIT

dmesg -c >/dev/null
client pq src=16 len=4096 count=8 noack late hold_ms=8000 chan=$ch >$out &
pid=$!
# in the hold: the run is over (8 unacked) and the late PQ is prepared
holding() {
	[ "$(chan_stat $PCI 0 unacked:)" = 8 ] &&
		[ "$(chan_stat $PCI 0 sed_held:)" -gt 0 ]
}
wait_for 30 holding ||
	fail "the client did not reach its hold on $ch: unacked $(chan_stat $PCI 0 unacked:), sed_held $(chan_stat $PCI 0 sed_held:): $(cat $out)"
held=$(chan_stat $PCI 0 sed_held:)
echo "in the hold: 8 unacked, sed_held $held"
# one block for the one 4 KiB PQ prepared; the unacked gave theirs back
[ "$held" = 1 ] || fail "sed_held $held, expected 1 (the prepared PQ's)"
[ -e /sys/bus/pci/devices/$PCI/pools ] || fail "no DMA pool listed before unbind"
echo $PCI >/sys/bus/pci/drivers/cbdma/unbind || fail "unbind"
[ -e /sys/bus/pci/devices/$PCI/pools ] &&
	fail "a DMA pool outlived the unbind: $(cat /sys/bus/pci/devices/$PCI/pools)"
wait_for 30 pid_gone $pid || fail "the client did not finish: $(cat $out)"
pid=
echo "client: $(cat $out)"
case $(cat $out) in
*"ok op=pq "*"verify=ok"*" late=aborted") ;;
*) fail "expected the run verified and the late PQ aborted" ;;
esac
if dmesg | grep -i "dma_pool"; then
	fail "dma_pool complained"
fi
echo $PCI >/sys/bus/pci/drivers/cbdma/bind || fail "bind"
expect_client "ok *verify=ok*" pq src=16 len=4096 count=4 chan=$(chan_of $PCI 0)
