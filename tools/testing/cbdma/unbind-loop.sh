# SPDX-License-Identifier: GPL-2.0
#
# A stress loop, not part of `make check`: unbind the second cbdma device
# 25 times while in-tree dmatest runs copy, xor and pq threads on each of
# its channels, and rebind it. Every test dmatest ran must either pass or
# complete with an error status: a "test timed out" (a callback that did
# not come within 2 s) or a data error (a failed operation that tx_status
# called complete) fails the loop. A test cut short by dmatest's stop is
# reported "test timed out" too and counted apart (cut_by_stop, see
# unbind_under_dmatest). Run it in a VM with two devices:
#
#   tools/vm/vm.sh --stack cbdma --cbdma 2 --timeout 1500 \
#	tools/testing/cbdma/unbind-loop.sh
#
# (25 unbinds took 21 s under TCG on a 2-core host.)
. /lib/cbdma/vm/testlib.sh
PCI=0000:00:02.0
[ -d /sys/bus/pci/devices/$PCI/dma ] || skip "needs two cbdma devices"
bad=0
for it in $(seq 1 25); do
	# unbind 0.1 to 0.6 s into the run
	unbind_under_dmatest $PCI 0.$((it % 6 + 1))
	echo "unbind $it: errors=$ud_errors timed_out=$ud_timeouts data_errors=$ud_data cut_by_stop=$ud_stopped"
	if [ "$ud_timeouts" -gt 0 ] || [ "$ud_data" -gt 0 ]; then
		echo "$ud_log"
		bad=$((bad + 1))
	fi
	echo $PCI >/sys/bus/pci/drivers/cbdma/bind || fail "bind"
	wait_for 10 test -d /sys/bus/pci/devices/$PCI/dma || fail "no channels after bind"
done
[ $bad -eq 0 ] || fail "$bad of 25 unbinds lost or misreported a test"
echo "25 unbinds: every dmatest test passed or completed with an error"
