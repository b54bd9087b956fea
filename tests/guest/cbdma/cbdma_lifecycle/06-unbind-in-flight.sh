# Unbinding a device while a client runs work on it, six times: the
# client's work completes with errors instead of timing out, no failed
# operation reads as complete (dmatest would then find its data not
# copied), nothing crashes (the console is checked for splats), and the
# device binds again and works. With tx_status keeping only the last 32
# failed cookies, dmatest's threads pushed each other's out: 8 of 25
# unbinds showed data errors (tools/testing/cbdma/unbind-loop.sh).
# dmatest cannot show a callback lost at the unbind: it is stopped right
# after, and a stopped thread's wait ends at once (see
# unbind_under_dmatest). So the test client, which waits without being
# interruptible, then holds 100 submitted, unissued copies across one more
# unbind: remove lets work already submitted run before it stops the
# channels (async_tx's clients take a failed operation for a success), so
# each must get its callback, done, and the data must be copied.
. /lib/cbdma/vm/testlib.sh
# dmatest keeps its own buffers mapped on the device while it runs, and
# the debug kernel's DMA-API checks rightly report those client mappings
# when the device goes; 05-unbind-held covers the debug kernel.
[ "$CBDMA_FLAVOUR" = debug ] &&
	skip "DMA_API_DEBUG reports the client's live mappings at unbind"
PCI=0000:00:02.0
[ -d /sys/bus/pci/devices/$PCI/dma ] || skip "needs two cbdma devices"
for it in 1 2 3 4 5 6; do
	unbind_under_dmatest $PCI 0.$((it + 1))
	echo "unbind $it: $ud_threads dmatest threads stopped, $ud_errors tests completed with an error, $ud_stopped cut short by the stop"
	# work submitted on the dead channel is told by its callback
	# (aborted, from cbdma's tasklet), not left to dmatest's timeout
	[ "$ud_errors" -gt 0 ] || fail "no dmatest work was in flight at the unbind"
	[ "$ud_timeouts" = 0 ] || fail "dmatest waited out its timeout: $ud_log"
	[ "$ud_data" = 0 ] || fail "a failed operation read as complete: $ud_log"
	echo $PCI >/sys/bus/pci/drivers/cbdma/bind || fail "bind"
	n=$(ls -d /sys/bus/pci/devices/$PCI/dma/dma*chan* | wc -l)
	[ "$n" = 4 ] || fail "$n channels after bind"
done

lvl=/sys/module/cbdma/parameters/issue_level
old_lvl=$(cat $lvl)
out=/tmp/unbind-in-flight.out
pid=
trap '[ -n "$pid" ] && wait_for 30 pid_gone $pid; echo $old_lvl >$lvl' EXIT
echo 0 >$lvl || fail "issue_level=0 refused"
ch=$(chan_of $PCI 0)
client memcpy len=4096 count=100 no_issue timeout_ms=20000 chan=$ch >$out &
pid=$!
wait_for 30 chan_stat_is $PCI 0 submitted: 100 || fail "the client did not queue 100 copies: $(cat $out)"
echo $PCI >/sys/bus/pci/drivers/cbdma/unbind || fail "unbind"
wait_for 30 pid_gone $pid || fail "the client still waits 30 s after the unbind"
pid=
echo "client across the unbind: $(cat $out)"
case $(cat $out) in
*"ok op=memcpy "*"count=100 result=noerror status=complete verify=ok"*) ;;
*) fail "expected all 100 copies done across the unbind" ;;
esac
echo $PCI >/sys/bus/pci/drivers/cbdma/bind || fail "bind"
expect_client "ok *verify=ok*" pq src=10 len=65536 chan=$(chan_of $PCI 3)
