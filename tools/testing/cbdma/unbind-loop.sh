# SPDX-License-Identifier: GPL-2.0
#
# A stress loop, not part of `make check`: unbind the second cbdma device
# 25 times while in-tree dmatest runs copy, xor and pq threads on each of
# its channels, and rebind it. Every test dmatest ran must either pass or
# complete with an error status: a "test timed out" (a callback that did
# not come within 2 s) or a data error (a failed operation that tx_status
# called complete) fails the loop. Run it in a VM with two devices:
#
#   tools/vm/vm.sh --stack cbdma --cbdma 2 --timeout 1500 \
#	tools/testing/cbdma/unbind-loop.sh
#
# (25 unbinds take about 40 s under TCG.)
. /lib/cbdma/vm/testlib.sh
PCI=0000:00:02.0
[ -d /sys/bus/pci/devices/$PCI/dma ] || skip "needs two cbdma devices"
bad=0
for it in $(seq 1 25); do
	dmatest_set iterations=0 threads_per_chan=1 test_buf_size=4096 \
		timeout=2000 $(dmatest_channels $PCI)
	dmesg -c >/dev/null
	echo 1 >/sys/module/dmatest/parameters/run
	# unbind 0.1 to 0.6 s into the run
	sleep 0.$((it % 6 + 1))
	echo $PCI >/sys/bus/pci/drivers/cbdma/unbind || fail "unbind"
	echo 0 >/sys/module/dmatest/parameters/run
	wait_for 60 sh -c '! grep -q Y /sys/module/dmatest/parameters/run' ||
		fail "dmatest did not stop"
	n=$(dmesg | grep -c "completion error status")
	t=$(dmesg | grep -c "test timed out")
	d=$(dmesg | grep -c "data error")
	echo "unbind $it: errors=$n timed_out=$t data_errors=$d"
	if [ "$t" -gt 0 ] || [ "$d" -gt 0 ]; then
		dmesg | grep "dmatest: .*\(timed out\|data error\|summary\)"
		bad=$((bad + 1))
	fi
	rmmod dmatest || fail "rmmod dmatest"
	echo $PCI >/sys/bus/pci/drivers/cbdma/bind || fail "bind"
	wait_for 10 test -d /sys/bus/pci/devices/$PCI/dma || fail "no channels after bind"
done
[ $bad -eq 0 ] || fail "$bad of 25 unbinds lost or misreported a test"
echo "25 unbinds: every dmatest test passed or completed with an error"
