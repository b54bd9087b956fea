# issue_level: tx_submit itself starts the channel once that many slots
# wait unissued, as async_tx's clients expect of a provider. A client that
# never calls issue_pending gets exactly the work the level started: all
# of it at a multiple of the level, none at 0, and one doorbell per level.
. /lib/cbdma/vm/testlib.sh
PCI=0000:00:02.0
[ -d /sys/bus/pci/devices/$PCI/dma ] || skip "needs two cbdma devices"
CH=$(chan_of $PCI 1)
param=/sys/module/cbdma/parameters/issue_level
old=$(cat $param)
trap 'echo $old >$param' EXIT

echo 16 >$param || fail "issue_level=16 refused"
db0=$(chan_stat $PCI 1 doorbells)
expect_client "ok *count=48 result=noerror status=complete verify=ok*" \
	memcpy chan=$CH len=4096 count=48 no_issue
db1=$(chan_stat $PCI 1 doorbells)
echo "issue_level=16, 48 copies: doorbells $db0 -> $db1"
[ $((db1 - db0)) -eq 3 ] || fail "expected 3 doorbells, one per 16 slots"

# the 8 past the last multiple wait for an issue_pending that never comes
expect_client "timeout *callbacks=32/40*" \
	memcpy chan=$CH len=4096 count=40 no_issue timeout_ms=500

echo 0 >$param || fail "issue_level=0 refused"
expect_client "timeout *callbacks=0/48*" \
	memcpy chan=$CH len=4096 count=48 no_issue timeout_ms=500
# and the channel serves as before
expect_client "ok *verify=ok*" memcpy chan=$CH len=4096 count=48

if echo 65537 >$param 2>/dev/null; then
	fail "issue_level=65537 accepted"
fi
[ "$(cat $param)" = 0 ] || fail "a refused issue_level changed the value"
