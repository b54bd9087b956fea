# Remove lets the work already submitted run before it stops the channels
# (06-unbind-in-flight), but for a bounded time: here a channel stalls
# under four copies, with the watchdog too slow to step in, and the
# device is unbound. The unbind must return, the copies complete aborted,
# and once the stall is cleared the device binds again and works.
. /lib/cbdma/vm/testlib.sh
DEV=cbdma1
PCI=0000:00:02.0
[ -d /sys/bus/pci/devices/$PCI/dma ] || skip "needs two cbdma devices"
wd=/sys/module/cbdma/parameters/watchdog_ms
old_wd=$(cat $wd)
out=/tmp/unbind-stalled.out
pid=
# on any way out: the device unstalled and bound again, the watchdog back
cleanup() {
	qmp qom-set $DEV fault-stall false >/dev/null
	[ -n "$pid" ] && wait_for 30 pid_gone $pid
	[ -d /sys/bus/pci/devices/$PCI/dma ] ||
		echo $PCI >/sys/bus/pci/drivers/cbdma/bind
	echo $old_wd >$wd
}
trap cleanup EXIT
echo 60000 >$wd || fail "watchdog_ms=60000 refused"
ch=$(chan_of $PCI 1)
qmp_ok qom-set $DEV fault-chan 1
qmp_ok qom-set $DEV fault-stall true
client memcpy len=4096 count=4 timeout_ms=30000 chan=$ch >$out &
pid=$!
wait_for 30 chan_stat_is $PCI 1 submitted: 4 || fail "the client did not queue 4 copies: $(cat $out)"
# unbind in the background, so that a drain without a bound fails the
# wait below instead of hanging the case
echo $PCI >/sys/bus/pci/drivers/cbdma/unbind &
unbinder=$!
wait_for 20 pid_gone $unbinder || fail "unbind still running after 20 s"
wait $unbinder || fail "unbind failed"
[ -d /sys/bus/pci/devices/$PCI/dma ] && fail "the device is still bound"
wait_for 30 pid_gone $pid || fail "the client still waits 30 s after the unbind"
pid=
echo "client across the unbind: $(cat $out)"
case $(cat $out) in
*"ok op=memcpy "*"count=4 result=aborted status=error"*) ;;
*) fail "expected the 4 stalled copies aborted" ;;
esac
qmp_ok qom-set $DEV fault-stall false
echo $PCI >/sys/bus/pci/drivers/cbdma/bind || fail "bind"
expect_client "ok *result=noerror status=complete verify=ok*" \
	memcpy len=8192 off=5 chan=$(chan_of $PCI 1)
