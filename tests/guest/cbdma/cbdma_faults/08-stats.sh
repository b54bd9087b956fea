# The model's statistics, read from the host through QMP (qom-get stats),
# count the descriptors and bytes the channel ran, the host time it spent
# on them, the doorbells and register accesses, the interrupts, and the
# injected faults; cbdma's debugfs counts its doorbells too.
. $(dirname $0)/lib.inc
# chan1_stat KEY STATS: a counter of chan1's line in a stats string; for
# an operation (copy=descs/bytes/ns) the three fields, space separated
chan1_stat() {
	echo "$2" | tr '|' '\n' | grep 'chan1:' | tr ' ' '\n' |
		sed -n "s/^$1=//p" | tr '/' ' '
}
before=$(qmp qom-get $DEV stats)
db0=$(chan_stat $PCI 1 doorbells)
expect_client "ok *verify=ok*" memcpy chan=$CH len=65536 count=4
after=$(qmp qom-get $DEV stats)
db1=$(chan_stat $PCI 1 doorbells)
echo "before: $before"
echo "after:  $after"
set -- $(chan1_stat copy "$before")
d0=$1 b0=$2 ns0=$3
set -- $(chan1_stat copy "$after")
d1=$1 b1=$2 ns1=$3
[ -n "$ns0" ] && [ -n "$ns1" ] || fail "no chan1 copy counters in the stats"
[ $((d1 - d0)) -eq 4 ] || fail "copy descriptors $d0 -> $d1, expected +4"
[ $((b1 - b0)) -eq $((4 * 65536)) ] || fail "copy bytes $b0 -> $b1, expected +262144"
[ $ns1 -gt $ns0 ] || fail "copy time $ns0 -> $ns1 ns: not counted"
# four copies, one issue_pending: one doorbell, seen by both sides
m0=$(chan1_stat doorbells "$before") m1=$(chan1_stat doorbells "$after")
[ $((m1 - m0)) -eq 1 ] || fail "model doorbells $m0 -> $m1, expected +1"
[ $((db1 - db0)) -eq 1 ] || fail "cbdma doorbells $db0 -> $db1, expected +1"
w0=$(chan1_stat writes "$before") w1=$(chan1_stat writes "$after")
[ $w1 -gt $w0 ] || fail "register writes $w0 -> $w1: not counted"
echo "$after" | tr '|' '\n' | grep 'chan1:' | grep -q 'injected=[1-9]' ||
	fail "the faults injected earlier are not counted"

# the client's poll mode asks for no interrupt: the model raises none
i0=$(chan1_stat irqs "$after")
expect_client "ok *verify=ok*dev_ns=0 *complete_ns=*" \
	memcpy chan=$CH len=4096 count=8 poll
i1=$(chan1_stat irqs "$(qmp qom-get $DEV stats)")
[ "$i1" = "$i0" ] || fail "interrupts $i0 -> $i1 in poll mode, expected none"
