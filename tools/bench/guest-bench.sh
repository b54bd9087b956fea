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
	case $tag in
	memcpy_hot) bench "guest_cpu_memcpy_hot_$size" MB/s $mbs "guest CPU (TCG), one block over and over" ;;
	*) bench "guest_cpu_memcpy_$size" MB/s $mbs "guest CPU (TCG), through 64 MiB" ;;
	esac
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

# TCG timing is noisy (the host schedules vCPUs, QEMU's main loop and the
# model's engine threads on two cores): every figure is the median of
# REPS runs.
REPS=15

# median_of KEY: median of KEY over the result lines on stdin; complete_ns
# counts only where one tx_status call reaped the whole batch
median_of() {
	while read -r r; do
		[ $1 = complete_ns ] && [ "$(field polls "$r")" != 1 ] && continue
		field $1 "$r"
	done | median
}

# copy bytes and host nanoseconds the model spent executing them, on
# channel 0 of the device with QOM id $1 (the model's own statistics)
model_copy() {
	local r
	r=$(qmp qom-get $1 stats)
	echo "$r" | tr '|' '\n' | grep 'chan0:' |
		sed -n 's/.* copy=[0-9]*\/\([0-9]*\)\/\([0-9]*\).*/\1 \2/p' |
		grep . || echo "model_copy: no statistics in '$r'" >&2
}

# alternating CMD...: REPS runs of the client on each driver's channel,
# cbdma and ioatdma in turn (so that the host's drift over the bench
# lands on both alike), the good results in /tmp/runs-<driver>
alternating() {
	local i drv ch r
	: >/tmp/runs-cbdma
	: >/tmp/runs-ioatdma
	for i in $(seq 1 $REPS); do
		for drv in cbdma ioatdma; do
			[ $drv = cbdma ] && ch=$CB || ch=$IO
			r=$(client "$@" chan=$ch)
			case $r in
			*verify=ok*) echo "$r" >>/tmp/runs-$drv ;;
			*) echo "$r" >&2 ;;
			esac
		done
	done
}

# streaming: 64 MiB (at most 1024 descriptors) with issue_pending every
# 64, only the last interrupting, timed from the first issue_pending to
# the last callback; the device copies while the client prepares, so the
# two wake-ups of an idle engine and vCPU (100-300 us each on this host)
# are paid once, not per 64
for len in 4096 65536 1048576; do
	n=$(((64 << 20) / len))
	[ $n -gt 1024 ] && n=1024
	(REPS=7; alternating memcpy len=$len count=$n issue_every=64 \
		irq_last warm)
	for drv in cbdma ioatdma; do
		[ $drv = cbdma ] && ch=$CB || ch=$IO
		ns=$(median_of dev_ns </tmp/runs-$drv)
		[ "${ns:-0}" -gt 0 ] || continue
		bench "${drv}_memcpy_stream_${len}" MB/s $((len * n * 1000 / ns)) "client, $ch, $n descriptors, issue_pending every 64, one interrupt, first issue_pending to last callback, median of 7, drivers alternating"
	done
done
# copy throughput: 64 descriptors per issue_pending, the last one
# interrupting (as a streaming client does), timed from the issue_pending
# call to the last callback (the guest's prep cost is not the model's).
# Both drivers ring the doorbell from tx_submit too (ioatdma every 8
# descriptors, cbdma every issue_level slots, 32), so their devices start
# before that clock does: the figure flatters them, ioatdma most. (The
# wall clock from the first prep is no better: it is the HPET, whose reads
# trap to QEMU.) And the model's own rate, bytes over the host time it
# spent executing cbdma's runs (device 0 serves only cbdma).
# Throughput runs warm the engine too (see the CPU cost runs below):
# ioatdma runs a NULL descriptor when a channel is allocated, which wakes
# the model's engine thread just before its batch; cbdma's first doorbell
# had to wake it (100-200 us under a traced run on this host), which put
# its 4 KiB figure at 0.1x-0.5x of ioatdma's.
for len in 4096 65536 1048576; do
	before=$(model_copy cbdma0)
	alternating memcpy len=$len count=64 irq_last warm
	after=$(model_copy cbdma0)
	for drv in cbdma ioatdma; do
		[ $drv = cbdma ] && ch=$CB || ch=$IO
		ns=$(median_of dev_ns </tmp/runs-$drv)
		[ "${ns:-0}" -gt 0 ] || continue
		bench "${drv}_memcpy_${len}" MB/s $((len * 64 * 1000 / ns)) "client, $ch, 64 per issue_pending, one interrupt, issue_pending to last callback, median of $REPS, drivers alternating"
	done
	echo "$before $after" | awk -v len=$len 'NF == 4 && $4 > $2 {
		printf "BENCH model_copy_%d MB/s %d model statistics: copy bytes over host ns executing, %s\n",
			len, ($3 - $1) * 1000 / ($4 - $2), "cbdma0 chan0"
	}'
done

# CPU cost per descriptor: prep+submit+issue, and the completion (reap,
# unmap, callback) by one tx_status call. No descriptor asks for an
# interrupt, so no interrupt handler lands in either figure. warm: one
# untimed copy first, so that both drivers' doorbells meet the model in
# the same state (tests/client/cbdma_client.c). The doorbell (DMACOUNT
# write) is a trap, cheap while the model's engine thread polls and tens
# of microseconds when it has to wake it, the same register write in both
# drivers; prep+submit is the rest, the driver's own code (ioatdma rings
# every 8 descriptors from tx_submit, so its figure includes those
# doorbells, as it is shipped). The drivers alternate run by run, so that
# the host's drift over the bench lands on both alike; a run of one
# descriptor is a few microseconds, hence more of them.
COST_REPS=31
for n in 64 1; do
	[ $n = 64 ] && what=batched64 || what=unbatched
	(REPS=$COST_REPS; alternating memcpy len=64 count=$n poll warm)
	for drv in cbdma ioatdma; do
		[ $drv = cbdma ] && ch=$CB || ch=$IO
		runs=$(cat /tmp/runs-$drv)
		ok=$(echo "$runs" | grep -c verify=ok)
		ns=$(echo "$runs" | median_of submit_ns)
		[ -n "$ns" ] && bench "${drv}_submit_$what" ns/desc $((ns / n)) "client, $ch, $n per issue_pending, no interrupt, prep+submit+issue_pending, median of $ok runs, drivers alternating"
		ns=$(echo "$runs" | while read -r r; do
			echo $(($(field submit_ns "$r") - $(field issue_ns "$r")))
		done | median)
		[ -n "$ns" ] && bench "${drv}_prep_submit_$what" ns/desc $((ns / n)) "client, $ch, $n per issue_pending, prep+submit without the issue_pending call, median of $ok runs, drivers alternating"
		ns=$(echo "$runs" | median_of issue_ns)
		[ -n "$ns" ] && bench "${drv}_issue_$what" ns $ns "client, $ch, the issue_pending call after $n preps, median of $ok runs, drivers alternating"
		ns=$(echo "$runs" | median_of complete_ns)
		[ -n "$ns" ] && bench "${drv}_complete_$what" ns/desc $((ns / n)) "client, $ch, $n reaped by one tx_status, median of $(echo "$runs" | grep -c 'polls=1 ') runs, drivers alternating"
	done
	# what the clock's two reads around a timed window cost by
	# themselves: each submit and issue figure holds them once per run
	ns=$(cat /tmp/runs-cbdma /tmp/runs-ioatdma | median_of clock_ns)
	[ -n "$ns" ] && bench "client_clock_pair_$what" ns $ns "client, two back-to-back reads of its clock (client_now()) after the timed windows, both drivers' runs"
done

# dmatest throughput, 1 and 4 channels, no verification
# (iterations: a run of 400 at 4 KiB lasted some 40 ms, and the figures
# of one build moved by 2.5x between runs; 2000 last long enough for
# the host's scheduling to average out)
dmatest_tput() { # PCI NCHAN LEN
	local pci=$1 n=$2 len=$3 kb=0
	dmatest_set iterations=2000 threads_per_chan=1 noverify=1 norandom=1 \
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
# five runs each, the drivers alternating (the host's load drifts), and
# the median
for len in 4096 65536; do
	for n in 1 4; do
		for i in 1 2 3 4 5; do
			echo "cbdma $(dmatest_tput 0000:00:01.0 $n $len)"
			echo "ioatdma $(dmatest_tput 0000:00:02.0 $n $len)"
		done >/tmp/dmatest.$$
		for drv in cbdma ioatdma; do
			kb=$(awk -v d=$drv '$1 == d { print $2 }' /tmp/dmatest.$$ | median)
			bench "${drv}_dmatest_memcpy_${len}_${n}ch" KB/s $kb "dmatest noverify, 2000 copies per channel, $n channel(s), median of 5"
		done
	done
done
rm -f /tmp/dmatest.$$
