# The model's statistics, read from the host through QMP (qom-get stats),
# count the descriptors and bytes the channel ran, and the injected faults.
. $(dirname $0)/lib.inc
before=$(qmp qom-get $DEV stats)
expect_client "ok *verify=ok*" memcpy chan=$CH len=65536 count=4
after=$(qmp qom-get $DEV stats)
echo "before: $before"
echo "after:  $after"
copies() { # the chan1 copy descriptor count in a stats string
	echo "$1" | tr '|' '\n' | grep 'chan1:' | sed -n 's/.* copy=\([0-9]*\)\/\([0-9]*\).*/\1 \2/p'
}
set -- $(copies "$before")
d0=$1 b0=$2
set -- $(copies "$after")
d1=$1 b1=$2
[ -n "$d0" ] && [ -n "$d1" ] || fail "no chan1 copy counter in the stats"
[ $((d1 - d0)) -eq 4 ] || fail "copy descriptors $d0 -> $d1, expected +4"
[ $((b1 - b0)) -eq $((4 * 65536)) ] || fail "copy bytes $b0 -> $b1, expected +262144"
echo "$after" | tr '|' '\n' | grep 'chan1:' | grep -q 'injected=[1-9]' ||
	fail "the faults injected earlier are not counted"
