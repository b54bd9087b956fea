# With every streaming DMA mapping bounced (swiotlb=force), the probe's
# self-test still passes every operation the device offers: the CPU's
# expected results live outside the buffer the device works on, which a
# sync for the CPU copies back over. Operations still complete and verify.
. /lib/cbdma/vm/testlib.sh
pci=0000:00:01.0
grep -qw swiotlb=force /proc/cmdline || fail "not booted with swiotlb=force"
if dmesg | grep "cbdma $pci: self-test"; then
	fail "the self-test failed with bounce buffering"
fi
caps=$(head -n 1 /sys/kernel/debug/cbdma/$pci/caps)
echo "caps: $caps"
for op in memcpy memset xor xor_val pq pq_val; do
	case " $caps " in
	*" $op "*) ;;
	*) fail "$op not offered after the self-test" ;;
	esac
done
ch=$(chan_of $pci 1)
expect_client "ok *verify=ok*" memset len=65536 chan=$ch
expect_client "ok *verify=ok*" pq src=6 len=4096 chan=$ch
