# Unbinding a device while a client runs work on it, six times: the
# client's work completes with errors instead of timing out, no failed
# operation reads as complete (dmatest would then find its data not
# copied), nothing crashes (the console is checked for splats), and the
# device binds again and works. With tx_status keeping only the last 32
# failed cookies, dmatest's threads pushed each other's out: 8 of 25
# unbinds showed data errors (tools/testing/cbdma/unbind-loop.sh).
. /lib/cbdma/vm/testlib.sh
# dmatest keeps its own buffers mapped on the device while it runs, and
# the debug kernel's DMA-API checks rightly report those client mappings
# when the device goes; 05-unbind-held covers the debug kernel.
[ "$CBDMA_FLAVOUR" = debug ] &&
	skip "DMA_API_DEBUG reports the client's live mappings at unbind"
PCI=0000:00:02.0
[ -d /sys/bus/pci/devices/$PCI/dma ] || skip "needs two cbdma devices"
for it in 1 2 3 4 5 6; do
	# iterations=0: dmatest runs until stopped, so the unbind always
	# finds it at work (with 300 it had often finished by then)
	dmatest_set iterations=0 threads_per_chan=1 test_buf_size=4096 \
		timeout=2000 $(dmatest_channels $PCI)
	dmesg -c >/dev/null
	echo 1 >/sys/module/dmatest/parameters/run
	sleep 0.$((it + 1))
	echo $PCI >/sys/bus/pci/drivers/cbdma/unbind || fail "unbind"
	echo 0 >/sys/module/dmatest/parameters/run
	wait_for 60 sh -c '! grep -q Y /sys/module/dmatest/parameters/run' ||
		fail "dmatest did not stop"
	s=$(dmesg | grep -c "dmatest: .*summary")
	# work submitted on the dead channel is told by its callback
	# (aborted, from cbdma's tasklet), not left to dmatest's timeout
	n=$(dmesg | grep -c "completion error status")
	echo "unbind $it: $s dmatest threads stopped, $n tests completed with an error"
	[ "$n" -gt 0 ] || fail "no dmatest work was in flight at the unbind"
	dmesg | grep -q "test timed out" && fail "dmatest waited out its timeout"
	dmesg | grep -q "data error" &&
		fail "a failed operation read as complete: $(dmesg | grep -m1 'data error')"
	rmmod dmatest || fail "rmmod dmatest"
	echo $PCI >/sys/bus/pci/drivers/cbdma/bind || fail "bind"
	n=$(ls -d /sys/bus/pci/devices/$PCI/dma/dma*chan* | wc -l)
	[ "$n" = 4 ] || fail "$n channels after bind"
done
expect_client "ok *verify=ok*" pq src=10 len=65536 chan=$(chan_of $PCI 3)
