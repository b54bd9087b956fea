# The descriptors a burst left on the spare list go back once the channel
# has been idle: the watchdog frees them CBDMA_SPARE_IDLE (a second) after
# the last progress. The client keeps the channel after its stream
# (hold_ms), so only the trim can empty the list: a released channel
# frees it with its pool, and nothing takes from it once the stream is
# over. watchdog_ms=200 makes the watchdog look five times a second.
. /lib/cbdma/vm/testlib.sh
pci=0000:00:01.0
ch=$(chan_of $pci 0)
order=/sys/module/cbdma/parameters/ring_max_order
wd=/sys/module/cbdma/parameters/watchdog_ms
old_order=$(cat $order)
old_wd=$(cat $wd)
out=/tmp/spare-trimmed.out
pid=
trap '[ -n "$pid" ] && wait $pid; echo $old_order >$order; echo $old_wd >$wd' EXIT
echo 9 >$order || fail "ring_max_order=9 refused"
echo 200 >$wd || fail "watchdog_ms=200 refused"

client memcpy chan=$ch len=64 count=2000 issue_every=64 irq_last \
	hold_ms=15000 >$out &
pid=$!
# the channel's cookies start over with each allocation: after 2000
# submissions and their completions, completed_cookie is 2001
cstat() { chan_stat $pci 0 "$1:"; }
stream_over() { [ "$(cstat completed_cookie)" = 2001 ]; }
wait_for 60 stream_over || fail "the stream did not complete: $(cat $out)"
kept=$(cstat spare)
echo "spare descriptors after the stream: $kept"
[ "$kept" -gt 0 ] || fail "the burst left no spare descriptor to trim"
trimmed() { [ "$(cstat spare)" = 0 ]; }
wait_for 10 trimmed || fail "$(cstat spare) spare descriptors left after 10 s idle"
slots=$(cstat ring_slots)
echo "spare list trimmed; the channel still holds a ring of $slots slots"
[ "$slots" -gt 0 ] || fail "the channel was released before the trim"
wait $pid
pid=
case $(cat $out) in
*"ok "*"count=2000 result=noerror status=complete verify=ok"*) ;;
*) fail "stream: $(cat $out)" ;;
esac
