# One operation that outlasts the watchdog's period is not a stall. A
# 4 MiB copy is four descriptors of 1 MiB (XFERCAP), about 10.5 ms each
# at bandwidth-mbps=100, and only the last writes its completion back;
# the engine's CHANSTS names each as it finishes. With watchdog_ms=15
# the copy (about 42 ms) spans more than two periods, so a watchdog that
# looked at the writeback alone would reset the channel and abort it.
. /lib/cbdma/vm/testlib.sh
pci=0000:00:01.0
ch=$(chan_of $pci 0)
param=/sys/module/cbdma/parameters/watchdog_ms
old=$(cat $param)
trap 'echo $old >$param' EXIT
echo 15 >$param || fail "watchdog_ms=15 refused"
# the watchdog's count of stalls and halts it acted on (resets count
# each allocation of the channel too)
w0=$(chan_stat $pci 0 watchdog)
r=$(client memcpy chan=$ch len=4194304 count=1)
echo "$r"
case $r in
"ok "*"count=1 result=noerror status=complete verify=ok"*) ;;
*) fail "the long copy did not complete cleanly" ;;
esac
ns=$(echo "$r" | tr ' ' '\n' | sed -n 's/^ns=//p')
# two periods and more, or a reset would not have been due anyway
[ "${ns:-0}" -ge 31000000 ] || fail "the copy took $ns ns: too short to test"
w1=$(chan_stat $pci 0 watchdog)
echo "watchdog $w0 -> $w1"
[ -n "$w0" ] && [ "$w1" = "$w0" ] ||
	fail "the watchdog took a long operation for a stall"
