# The descriptor pool grows with the ring. With ring_max_order=9 the ring
# grows from 256 slots to 512 under a stream the slow device (0.2 ms per
# descriptor) cannot keep up with, and the stream keeps up to 512
# descriptors in flight, 256 more than the pool made with the channel.
# Those are allocated once and kept on the spare list: over a stream of
# 2000 the channel allocated 260 descriptors, where a build that freed
# each at completion allocated 782 (2026-11-24).
# The bound, 512: the 256 that the grown ring holds past the pool, and
# as many again for those whose slots are reaped while they wait for
# their callbacks, which the grown ring may refill meanwhile.
. /lib/cbdma/vm/testlib.sh
pci=0000:00:01.0
ch=$(chan_of $pci 0)
param=/sys/module/cbdma/parameters/ring_max_order
old=$(cat $param)
trap 'echo $old >$param' EXIT
echo 9 >$param || fail "ring_max_order=9 refused"
a0=$(chan_stat $pci 0 desc_allocs)
g0=$(chan_stat $pci 0 ring_grows)
expect_client "ok *count=2000 result=noerror status=complete verify=ok*" \
	memcpy chan=$ch len=64 count=2000 issue_every=64 irq_last
a1=$(chan_stat $pci 0 desc_allocs)
g1=$(chan_stat $pci 0 ring_grows)
echo "ring_grows $g0 -> $g1, desc_allocs $a0 -> $a1"
[ -n "$g0" ] && [ "$g1" -gt "$g0" ] || fail "the ring did not grow under load"
[ $((a1 - a0)) -gt 0 ] || fail "no descriptor allocated past the pool"
[ $((a1 - a0)) -le 512 ] ||
	fail "$((a1 - a0)) descriptors allocated for 2000 preps: the pool did not grow with the ring"
