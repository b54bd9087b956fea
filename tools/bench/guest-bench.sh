# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench`: prints "BENCH <name> <unit> <value> <config>"
# lines. Device 0000:00:01.0 stays with cbdma, 0000:00:02.0 is handed to
# the in-tree ioatdma, so both drivers run on the same model in one boot.
. /lib/cbdma/vm/testlib.sh

bench() {
	echo "BENCH $*"
}

/extra/memcpy_bw 0.5 | while read -r tag size mbs; do
	bench "guest_cpu_memcpy_$size" MB/s $mbs "guest CPU (TCG)"
done

# the second device to ioatdma
modprobe ioatdma || fail "modprobe ioatdma"
echo 0000:00:02.0 >/sys/bus/pci/drivers/cbdma/unbind
echo ioatdma >/sys/bus/pci/devices/0000:00:02.0/driver_override
echo 0000:00:02.0 >/sys/bus/pci/drivers/ioatdma/bind || fail "bind ioatdma"
CB=$(chan_of 0000:00:01.0 0)
IO=$(chan_of 0000:00:02.0 0)
echo "cbdma: $CB, ioatdma: $IO"

field() { # KEY RESULTLINE
	echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# TCG timing is noisy (the host schedules vCPUs and QEMU's main loop on
# two cores): every figure is the median of REPS runs.
REPS=9
median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] + 0 }'
}

# client_median KEY CMD...: median of KEY over REPS runs of the client
client_median() {
	local key=$1 i r
	shift
	for i in $(seq 1 $REPS); do
		r=$(client "$@")
		case $r in *verify=ok*) field $key "$r" ;; *) echo "$r" >&2 ;; esac
	done | median
}

for drv in cbdma ioatdma; do
	[ $drv = cbdma ] && ch=$CB || ch=$IO
	# model copy throughput: 64 descriptors per issue_pending, the last
	# one interrupting (as a streaming client does): the guest's cost
	# per interrupt is not the model's
	for len in 4096 65536 1048576; do
		ns=$(client_median ns memcpy chan=$ch len=$len count=64 irq_last)
		[ "$ns" -gt 0 ] || continue
		bench "${drv}_memcpy_${len}" MB/s $((len * 64 * 1000 / ns)) "client, $ch, 64 per issue_pending, one interrupt, median of $REPS"
	done
	# CPU cost of the submit path per descriptor: prep+submit+issue
	ns=$(client_median submit_ns memcpy chan=$ch len=64 count=64)
	bench "${drv}_submit_batched64" ns/desc $((ns / 64)) "client, $ch, 64 per issue_pending, median of $REPS"
	ns=$(client_median submit_ns memcpy chan=$ch len=64 count=1)
	bench "${drv}_submit_unbatched" ns/desc $ns "client, $ch, 1 per issue_pending, median of $REPS"
done

# dmatest throughput, 1 and 4 channels, no verification
dmatest_tput() { # PCI NCHAN LEN
	local pci=$1 n=$2 len=$3 kb=0
	dmatest_set iterations=400 threads_per_chan=1 noverify=1 norandom=1 \
		test_buf_size=$len xor_sources=3 pq_sources=3 timeout=5000 \
		$(dmatest_channels $pci | head -n $n)
	dmesg -c >/dev/null
	echo 1 >/sys/module/dmatest/parameters/run
	wait_for 300 sh -c '! grep -q Y /sys/module/dmatest/parameters/run'
	kb=$(dmesg | sed -n 's/.*-copy[0-9]*: summary .* iops \([0-9]*\) KB\/s.*/\1/p' |
		awk '{ n += $1 } END { print n + 0 }')
	rmmod dmatest
	echo $kb
}
for len in 4096 65536; do
	for n in 1 4; do
		bench "cbdma_dmatest_memcpy_${len}_${n}ch" KB/s $(dmatest_tput 0000:00:01.0 $n $len) "dmatest noverify, $n channel(s)"
		bench "ioatdma_dmatest_memcpy_${len}_${n}ch" KB/s $(dmatest_tput 0000:00:02.0 $n $len) "dmatest noverify, $n channel(s)"
	done
done
