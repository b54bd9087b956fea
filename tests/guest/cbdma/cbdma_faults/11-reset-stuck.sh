# A channel that does not reset after a stall may still be moving data,
# into buffers its clients would reuse once their work failed: cbdma turns
# bus mastering off before it fails anything, and gives the whole device
# up: every channel's work aborted, then the device unbound, so that its
# channels leave dmaengine. Once the channel resets again, binding the
# device brings it back.
. $(dirname $0)/lib.inc
master() { # the bus master enable bit of the COMMAND register
	echo $(($(od -An -tu1 -j4 -N1 /sys/bus/pci/devices/$PCI/config) >> 2 & 1))
}
[ "$(master)" = 1 ] || fail "bus mastering off before the fault"
CH2=$(chan_of $PCI 2)
# a watchdog period long enough for the reset fault to be set before the
# stall is caught, however slow the guest (a debug kernel under TCG)
wd=/sys/module/cbdma/parameters/watchdog_ms
old_wd=$(cat $wd)
# whatever happens, the cases after this one get the device back
cleanup() {
	echo $old_wd >$wd
	qmp qom-set $DEV fault-stall false >/dev/null 2>&1
	qmp qom-set $DEV fault-reset-stuck false >/dev/null 2>&1
	[ -e /sys/bus/pci/devices/$PCI/driver ] ||
		echo $PCI >/sys/bus/pci/drivers/cbdma/bind 2>/dev/null
}
trap cleanup EXIT
echo 5000 >$wd || fail "watchdog_ms=5000 refused"
dmesg -c >/dev/null
qmp_ok qom-set $DEV fault-chan 1
qmp_ok qom-set $DEV fault-stall true
# the reset that allocating the channel does still works: the reset fault
# comes once the copy waits on the stalled channel, well before the
# watchdog finds it stalled (5 to 10 s)
rm -f /tmp/stuck.out
client memcpy chan=$CH len=4096 timeout_ms=30000 >/tmp/stuck.out &
wait_for 10 chan_stat_is $PCI 1 submitted: 1 ||
	fail "the copy never reached the channel"
qmp_ok qom-set $DEV fault-reset-stuck true
wait_for 40 test -s /tmp/stuck.out || fail "the copy never completed"
r=$(cat /tmp/stuck.out)
echo "memcpy chan=$CH -> $r"
case $r in "ok "*"result=aborted status=error"*) ;;
*) fail "expected the copy aborted" ;; esac
dmesg | grep "did not reset" || fail "no log line for the device given up"
[ "$(master)" = 0 ] || fail "bus mastering still on"
wait_for 10 test ! -e /sys/bus/pci/devices/$PCI/driver ||
	fail "the device given up is still bound"
dmesg | grep "unbinding the device given up" || fail "no log line for the unbind"
expect_client "nochannel *" memcpy chan=$CH2 len=4096
# while the channel still does not reset, binding fails, mastering off
echo $PCI >/sys/bus/pci/drivers/cbdma/bind 2>/dev/null &&
	fail "bound with a channel that does not reset"
[ "$(master)" = 0 ] || fail "bus mastering on after a failed bind"
qmp_ok qom-set $DEV fault-stall false
qmp_ok qom-set $DEV fault-reset-stuck false
echo $PCI >/sys/bus/pci/drivers/cbdma/bind || fail "bind"
[ "$(master)" = 1 ] || fail "bus mastering off after bind"
chan_stat_is $PCI 1 dead: 0 || fail "channel 1 dead after bind"
CH=$(chan_of $PCI 1)
recovers
