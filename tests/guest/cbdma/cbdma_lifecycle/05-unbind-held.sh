# Unbinding a device whose channels a client still holds: cbdma stops and
# the client, told by errors, can let go; the memory goes when the last
# reference does (KASAN and kmemleak watch this on the debug kernel). The
# device binds again and works.
. /lib/cbdma/vm/testlib.sh
PCI=0000:00:02.0
[ -d /sys/bus/pci/devices/$PCI/dma ] || skip "needs two cbdma devices"
dmatest_set iterations=5 threads_per_chan=1 test_buf_size=4096 \
	$(dmatest_channels $PCI)
echo 1 >/sys/module/dmatest/parameters/run
wait_for 60 sh -c '! grep -q Y /sys/module/dmatest/parameters/run' ||
	fail "dmatest did not finish"
echo $PCI >/sys/bus/pci/drivers/cbdma/unbind || fail "unbind"
echo "unbound $PCI with dmatest holding its channels"
# a new run ends at once: dmatest lets go of the dead channels and finds
# none (06-unbind-in-flight runs work on a dead channel)
dmesg -c >/dev/null
echo 1 >/sys/module/dmatest/parameters/run
wait_for 60 sh -c '! grep -q Y /sys/module/dmatest/parameters/run' ||
	fail "dmatest hung on the unbound device"
dmesg | grep -c "dmatest: .*summary" | sed 's/^/dmatest threads that ended: /'
rmmod dmatest || fail "rmmod dmatest"
echo $PCI >/sys/bus/pci/drivers/cbdma/bind || fail "bind"
n=$(ls -d /sys/bus/pci/devices/$PCI/dma/dma*chan* | wc -l)
[ "$n" = 4 ] || fail "$n channels after bind"
expect_client "ok *verify=ok*" memcpy len=4096 chan=$(chan_of $PCI 1)
