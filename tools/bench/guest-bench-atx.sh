# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench` for atx: md raid5 (4+1) and raid6 (4+2)
# sequential writes, async_xor throughput and chains shaped like md's
# full-stripe write (tests/client/atx_bench.c), in one boot, five ways:
#   intree-sw     the kernel's async_tx, no channel
#   intree-ioat   the kernel's async_tx over the in-tree ioatdma
#   intree-cbdma  the kernel's async_tx over cbdma.ko (public channels):
#                 with intree-ioat and atx-cbdma, it tells the provider's
#                 share of a difference from the client layer's
#   atx-sw        atx.ko with max_channels=0
#   atx-cbdma     atx.ko over cbdma.ko
# Both drivers drive the same two model devices (4 channels each), one
# after the other. Prints "BENCH <name> <unit> <value> <config>" lines.
. /lib/cbdma/vm/testlib.sh

bench() {
	echo "BENCH $*"
}

MB=64		# MiB written per array and configuration
REPS=3

make_ramdisks 6 $((MB * 1024 / 2))

# md_tput LEVEL: MiB/s of a 1 MiB direct sequential write to a fresh array
md_tput() {
	local level=$1 n=$(($1 == 5 ? 5 : 6)) disks= i t0 t1
	for i in $(seq 0 $((n - 1))); do
		disks="$disks /dev/ram$i"
	done
	mdadm --create /dev/md0 --run --quiet --metadata=1.2 --level=$level \
		--raid-devices=$n --chunk=64 --assume-clean $disks >/dev/null ||
		fail "mdadm --create raid$level"
	t0=$(/extra/now_ns)
	dd if=/dev/zero of=/dev/md0 bs=1M count=$MB oflag=direct 2>/dev/null ||
		fail "raid$level write"
	t1=$(/extra/now_ns)
	mdadm --stop /dev/md0 >/dev/null
	for i in $(seq 0 $((n - 1))); do
		mdadm --zero-superblock /dev/ram$i >/dev/null 2>&1
	done
	echo $((MB * 1000000000 / ((t1 - t0) > 0 ? (t1 - t0) : 1)))
}

# bench_field MODE ARGS: field $KEY of one tests/client/atx_bench.c run,
# MODE xor (independent async_xor) or stripe (chains shaped like md's
# full-stripe write)
bench_field() {
	echo "$*" >/sys/kernel/debug/atx_bench/run || return 1
	tr ' ' '\n' </sys/kernel/debug/atx_bench/run | sed -n "s/^$KEY=//p"
}
# run_config NAME: md writes (REPS each) and async_xor (REPS) with what
# is loaded, kept in $RES as "name value" lines for the medians at the end
RES=/tmp/bench-atx.res
: >$RES
run_config() { # NAME
	local cfg=$1 l i
	for l in 5 6; do
		for i in $(seq 1 $REPS); do
			echo "md_raid${l}_write_$cfg $(md_tput $l)"
		done
	done >>$RES
	insmod /lib/cbdma/modules/atx_bench.ko || fail "insmod atx_bench"
	KEY=ns_per_op
	for i in $(seq 1 $REPS); do
		echo "async_xor_8x4k_$cfg $(bench_field xor srcs=8 len=4096 ops=2000 inflight=32)"
		echo "stripe_4x4k_$cfg $(bench_field stripe srcs=4 ops=2000 inflight=16)"
	done >>$RES
	rmmod atx_bench
}

unload_intree() {
	rmmod raid456 async_raid6_recov async_pq async_xor async_memcpy \
		async_tx 2>/dev/null
	[ -d /sys/module/async_tx ] && fail "the kernel's async_tx still loaded"
	return 0
}

# atx holds cbdma's channels (and so the module) until it goes
unload_atx() {
	rmmod raid456 || fail "rmmod raid456"
	rmmod atx || fail "rmmod atx"
	rmmod cbdma || fail "rmmod cbdma"
}

# The five configurations, four times over in turn: the host's load
# drifts over a run, and a configuration measured only early or only late
# would carry that drift as a difference. The same configuration's md
# writes spread by +-20% within one boot on this 2-core host (two rounds
# gave medians that moved by 10-15% between boots), hence 12 per median.
ROUNDS=4
for round in $(seq 1 $ROUNDS); do
	# the kernel's async_tx in software: no DMA driver bound
	modprobe raid456 || fail "modprobe raid456"
	run_config intree-sw

	# the kernel's async_tx over ioatdma (public channels, found per CPU)
	modprobe ioatdma || fail "modprobe ioatdma"
	wait_for 10 test -e /sys/class/dma/dma0chan0 || fail "ioatdma: no channel"
	run_config intree-ioat
	unload_intree
	rmmod ioatdma || fail "rmmod ioatdma"

	# the kernel's async_tx over cbdma
	modprobe -a xor raid6_pq || fail "modprobe xor raid6_pq"
	insmod /lib/cbdma/modules/cbdma.ko || fail "insmod cbdma"
	wait_for 10 test -e /sys/class/dma/dma0chan0 || fail "cbdma: no channel"
	modprobe raid456 || fail "modprobe raid456"
	run_config intree-cbdma
	unload_intree
	rmmod cbdma || fail "rmmod cbdma"

	# atx in software, then over cbdma
	insmod /lib/cbdma/modules/atx.ko max_channels=0 || fail "insmod atx"
	md_load
	run_config atx-sw
	insmod /lib/cbdma/modules/cbdma.ko || fail "insmod cbdma"
	echo -1 >/sys/module/atx/parameters/max_channels
	wait_for 10 grep -q '^chan ' /sys/kernel/debug/atx/stats ||
		fail "atx took no cbdma channel"
	run_config atx-cbdma
	cat /sys/kernel/debug/atx/stats
	unload_atx
done

for cfg in intree-sw intree-ioat intree-cbdma atx-sw atx-cbdma; do
	for l in 5 6; do
		bench "md_raid${l}_write_$cfg" MiB/s \
			$(awk -v k=md_raid${l}_write_$cfg '$1 == k { print $2 }' $RES | median) \
			"dd 1M direct, $MB MiB, raid$l 4+$((l - 4)) on brd, median of $((REPS * ROUNDS)) over $ROUNDS rounds"
	done
	bench "async_xor_8x4k_$cfg" ns/op \
		$(awk -v k=async_xor_8x4k_$cfg '$1 == k { print $2 }' $RES | median) \
		"atx_bench, 8 sources x 4 KiB, 32 in flight, median of $((REPS * ROUNDS)) over $ROUNDS rounds"
	bench "stripe_4x4k_$cfg" ns/op \
		$(awk -v k=stripe_4x4k_$cfg '$1 == k { print $2 }' $RES | median) \
		"atx_bench, 4 fenced copies of 4 KiB then their xor, 16 in flight, median of $((REPS * ROUNDS)) over $ROUNDS rounds"
done
