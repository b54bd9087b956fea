# The model's timing: with latency-ns=200000 every descriptor takes at
# least 0.2 ms, so 50 interrupt descriptors take at least 10 ms. Only a
# lower bound is checked: emulation can make things slower, never faster.
. /lib/cbdma/vm/testlib.sh
r=$(client interrupt count=50)
echo "$r"
ns=$(echo "$r" | tr ' ' '\n' | sed -n 's/^ns=//p')
[ -n "$ns" ] || fail "no time in the client's answer"
[ "$ns" -ge 10000000 ] || fail "50 descriptors in $ns ns: latency-ns not honoured"
r=$(client memcpy len=1048576 count=4)
echo "$r"
ns=$(echo "$r" | tr ' ' '\n' | sed -n 's/^ns=//p')
# bandwidth-mbps=100: 4 MiB take at least 41 ms
[ "$ns" -ge 41000000 ] || fail "4 MiB in $ns ns: bandwidth-mbps not honoured"
