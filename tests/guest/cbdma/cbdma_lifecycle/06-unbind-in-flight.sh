# Unbinding a device while a client runs work on it: the client's work
# completes with errors instead of timing out, nothing crashes (the console is
# checked for splats), and the device binds again and works.
. /lib/cbdma/vm/testlib.sh
# dmatest keeps its own buffers mapped on the device while it runs, and
# the debug kernel's DMA-API checks rightly report those client mappings
# when the device goes; 05-unbind-held covers the debug kernel.
[ "$CBDMA_FLAVOUR" = debug ] &&
	skip "DMA_API_DEBUG reports the client's live mappings at unbind"
PCI=0000:00:02.0
[ -d /sys/bus/pci/devices/$PCI/dma ] || skip "needs two cbdma devices"
# iterations=0: dmatest runs until stopped, so the unbind always finds
# it at work (with 300 it had often finished by then)
dmatest_set iterations=0 threads_per_chan=1 test_buf_size=4096 \
	timeout=2000 $(dmatest_channels $PCI)
dmesg -c >/dev/null
echo 1 >/sys/module/dmatest/parameters/run
sleep 0.3
echo $PCI >/sys/bus/pci/drivers/cbdma/unbind || fail "unbind"
echo "unbound $PCI with dmatest running"
echo 0 >/sys/module/dmatest/parameters/run
wait_for 60 sh -c '! grep -q Y /sys/module/dmatest/parameters/run' ||
	fail "dmatest did not stop"
dmesg | grep -c "dmatest: .*summary" | sed 's/^/dmatest threads stopped: /'
# work submitted on the dead channel is told by its callback (aborted, from
# cbdma's tasklet), not left to dmatest's timeout
n=$(dmesg | grep -c "completion error status")
echo "dmatest tests that completed with an error: $n"
[ "$n" -gt 0 ] || fail "no dmatest work was in flight at the unbind"
dmesg | grep -q "test timed out" && fail "dmatest waited out its timeout"
rmmod dmatest || fail "rmmod dmatest"
echo $PCI >/sys/bus/pci/drivers/cbdma/bind || fail "bind"
n=$(ls -d /sys/bus/pci/devices/$PCI/dma/dma*chan* | wc -l)
[ "$n" = 4 ] || fail "$n channels after bind"
expect_client "ok *verify=ok*" pq src=10 len=65536 chan=$(chan_of $PCI 3)
