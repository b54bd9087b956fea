# The in-tree ioatdma binds every -device cbdma, passes its probe
# self-tests (memcpy, xor, xor_val) and registers every channel.
. /lib/cbdma/vm/testlib.sh

devs=0
for d in /sys/bus/pci/devices/*; do
	[ "$(cat $d/vendor)" = 0x8086 ] && [ "$(cat $d/device)" = 0x0c50 ] || continue
	devs=$((devs + 1))
	drv=$(basename "$(readlink -f $d/driver)")
	[ "$drv" = ioatdma ] || fail "$(basename $d) bound to '$drv', not ioatdma"
	n=$(ls -d $d/dma/dma*chan* 2>/dev/null | wc -l)
	echo "$(basename $d): ioatdma, $n channels"
	[ "$n" = 4 ] || fail "$(basename $d): $n channels, expected 4"
done
[ $devs -gt 0 ] || fail "no cbdma device in the guest"
if dmesg | grep -i ioatdma | grep -i -E 'fail|error|timed out'; then
	fail "ioatdma reported errors while probing"
fi
