# The descriptors a burst left on the spare list go back once the channel
# has been idle: the watchdog frees them CBDMA_SPARE_IDLE (a second) after
# the last progress, and counts them in spares_freed. The client keeps
# the channel after its stream (hold_ms), so the list must go while the
# channel is still in use: a released channel frees it with its pool,
# which spares_freed does not count. A look frees at most
# CBDMA_SPARE_TRIM (128) of them, so that no softirq frees a grown ring's
# worth: with watchdog_ms=1000 the list must be seen part freed between
# two looks (polled every 0.2 s), then empty. The stream holds 500 in
# the ring at a time (issue_level=0: the device starts on the client's
# issue_pending only), so that the ring grows to 512 and 256 descriptors
# beyond the pool are in use whatever the CPU's pace against the device's
# (on the debug kernel, a stream that let the device start every 64 once
# kept too few in flight for the ring to grow: no spares).
. /lib/cbdma/vm/testlib.sh
pci=0000:00:01.0
ch=$(chan_of $pci 0)
order=/sys/module/cbdma/parameters/ring_max_order
wd=/sys/module/cbdma/parameters/watchdog_ms
level=/sys/module/cbdma/parameters/issue_level
old_order=$(cat $order)
old_wd=$(cat $wd)
old_level=$(cat $level)
out=/tmp/spare-trimmed.out
pid=
trap '[ -n "$pid" ] && wait $pid; echo $old_order >$order; echo $old_wd >$wd
	echo $old_level >$level' EXIT
echo 9 >$order || fail "ring_max_order=9 refused"
echo 1000 >$wd || fail "watchdog_ms=1000 refused"
echo 0 >$level || fail "issue_level=0 refused"

cstat() { chan_stat $pci 0 "$1"; }
held() { [ "$(cat /sys/class/dma/$ch/in_use)" = 1 ]; }
a0=$(cstat desc_allocs)
f0=$(cstat spares_freed)
[ -n "$f0" ] || fail "no spares_freed counter in debugfs"
client memcpy chan=$ch len=64 count=2000 issue_every=500 irq_last \
	hold_ms=15000 >$out &
pid=$!
wait_for 30 held || fail "the client did not take $ch: $(cat $out)"
# cookies start over with each allocation: after 2000 submissions and
# their completions, completed_cookie is 2001
stream_over() { [ "$(cstat completed_cookie:)" = 2001 ]; }
wait_for 60 stream_over || fail "the stream did not complete: $(cat $out)"
a1=$(cstat desc_allocs)
echo "desc_allocs $a0 -> $a1 for the stream"
[ $((a1 - a0)) -gt 0 ] || fail "no descriptor allocated past the pool"
spare0=$(cstat spare:)
echo "spare: $spare0 after the stream"
[ "$spare0" -gt 128 ] ||
	fail "only $spare0 spare descriptors: too few to see a look's bound (ring_slots $(cstat ring_slots:), ring_grows $(cstat ring_grows), pool $(cstat pool:), spares_freed $f0 -> $(cstat spares_freed))"
part=
trimmed() {
	local n
	n=$(cstat spare:)
	[ "$n" -gt 0 ] && [ "$n" -lt "$spare0" ] && part="$part $n"
	[ "$n" = 0 ] && [ "$(cstat spares_freed)" -gt "$f0" ]
}
wait_for 15 trimmed ||
	fail "spare: $(cstat spare:), spares_freed $f0 -> $(cstat spares_freed) after 15 s idle"
echo "spares_freed $f0 -> $(cstat spares_freed), spare: seen at$part"
[ -n "$part" ] || fail "the whole list went in one look: no bound on a look's kfree()s"
held || fail "the channel was released before its spares were freed"
wait $pid
pid=
case $(cat $out) in
*"ok "*"count=2000 result=noerror status=complete verify=ok"*) ;;
*) fail "stream: $(cat $out)" ;;
esac
