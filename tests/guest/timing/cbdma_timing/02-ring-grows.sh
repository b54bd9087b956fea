# A stream the device cannot keep up with (latency-ns=200000: 0.2 ms per
# descriptor) keeps the initial 256-slot ring full. The ring must still
# grow: preps are refused while it drains, then it is swapped for a
# bigger one, and nothing is lost. (A ring that grew only when it
# happened to be empty never grew under such a client.)
. /lib/cbdma/vm/testlib.sh
pci=0000:00:01.0
ch=$(chan_of $pci 0)
# issue_level=0 and one issue_pending for all 400: the device starts on
# the client's call only, so the ring fills whatever the CPU's pace (on
# the debug kernel a stream that let the device start every 64 once did
# not fill it)
level=/sys/module/cbdma/parameters/issue_level
old_level=$(cat $level)
trap 'echo $old_level >$level' EXIT
echo 0 >$level || fail "issue_level=0 refused"
g0=$(chan_stat $pci 0 ring_grows)
expect_client "ok *count=400 result=noerror status=complete verify=ok*" \
	memcpy chan=$ch len=64 count=400 issue_every=400 irq_last
g1=$(chan_stat $pci 0 ring_grows)
echo "ring_grows $g0 -> $g1"
[ -n "$g0" ] && [ "$g1" -gt "$g0" ] || fail "the ring did not grow under load"
