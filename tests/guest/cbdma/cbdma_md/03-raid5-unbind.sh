# md raid5 (4+1) over the kernel's async_tx with cbdma's channels, both
# devices unbound one after the other in the middle of writes. async_tx
# takes every completion for a success, so an operation that remove
# failed under it would leave a stripe's parity (or its data) as it was,
# and md would write it as computed: remove must let the work on the
# channels run to its end (see cbdma_drain_chans()). The writes go on
# over the other device's channels, then in software; the data must read
# back identical and md's check find no mismatch.
. /lib/cbdma/vm/testlib.sh
[ "$CBDMA_FLAVOUR" = debug ] &&
	skip "the kernel's async_tx trips DMA_API_DEBUG (unchecked mappings)"
[ -d /sys/bus/pci/devices/0000:00:02.0/dma ] || skip "needs two cbdma devices"
writer=
cleanup() {
	local pci
	[ -n "$writer" ] && wait_for 60 pid_gone $writer
	mdadm --stop /dev/md0 >/dev/null 2>&1
	for pci in 0000:00:01.0 0000:00:02.0; do
		[ -d /sys/bus/pci/devices/$pci/dma ] ||
			echo $pci >/sys/bus/pci/drivers/cbdma/bind
	done
}
trap cleanup EXIT
md_create 5 5
mb=$((MD_DISK_MB * 3))
dd if=/dev/urandom of=/tmp/pattern bs=1M count=$mb 2>/dev/null
before=$(irq_count cbdma-msix)
# one pass: a stripe written wrong at an unbind is not written again
dd if=/tmp/pattern of=/dev/md0 bs=1M count=$mb oflag=direct 2>/dev/null &
writer=$!
sleep 0.2
# the unbinds free the vectors: counted before, it shows the offload
after=$(irq_count cbdma-msix)
echo "cbdma interrupts in the first writes: $before -> $after"
[ "$after" -gt "$before" ] || fail "no cbdma interrupt: nothing was offloaded"
for pci in 0000:00:01.0 0000:00:02.0; do
	# a host fast enough to finish first still checks the data
	when="during the writes"
	pid_gone $writer && when="after the writes (they ended first)"
	echo $pci >/sys/bus/pci/drivers/cbdma/unbind || fail "unbind $pci"
	echo "unbound $pci $when"
	sleep 0.2
done
wait_for 120 pid_gone $writer ||
	fail "the writes still run 120 s after the unbinds: $(cat /proc/$writer/stack 2>&1 | head -n 8 | tr "\n" " ")"
wait $writer || fail "a write failed"
writer=
md_read_verify md0 /tmp/pattern
md_check md0
