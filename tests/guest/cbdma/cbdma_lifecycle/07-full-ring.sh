# A client that streams more descriptors than the ring holds. With
# ring_max_order lowered at run time to the initial order (8: 256 slots),
# prep fails while the ring is full (the client starts what it queued,
# reaps and retries), no descriptor is lost and the ring never grows; at
# the default bound the same stream grows it.
. /lib/cbdma/vm/testlib.sh
pci=0000:00:01.0
ch=$(chan_of $pci 0)
param=/sys/module/cbdma/parameters/ring_max_order
old=$(cat $param)
trap 'echo $old >$param' EXIT
stream() {
	expect_client "ok *count=2048 result=noerror status=complete verify=ok*" \
		memcpy chan=$ch len=4096 count=2048 issue_every=64 irq_last
}

echo 8 >$param || fail "ring_max_order=8 refused"
g0=$(chan_stat $pci 0 ring_grows)
stream
g1=$(chan_stat $pci 0 ring_grows)
echo "ring_max_order=8: ring_grows $g0 -> $g1"
[ -n "$g0" ] && [ "$g1" = "$g0" ] || fail "the ring grew past ring_max_order"

echo 14 >$param || fail "ring_max_order=14 refused"
stream
g2=$(chan_stat $pci 0 ring_grows)
echo "ring_max_order=14: ring_grows $g1 -> $g2"
[ "$g2" -gt "$g1" ] || fail "a 2048-descriptor stream did not grow the ring"
