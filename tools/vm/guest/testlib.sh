# SPDX-License-Identifier: GPL-2.0
#
# Helpers for guest test cases (tests/guest/<stack>/<suite>/<case>.sh).
# A case exits 0 to pass, 77 to skip, anything else to fail; what it prints
# becomes diagnostic lines of its KTAP result. Every wait here is bounded.

. /lib/cbdma/vm/lib.sh

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "$*"
	exit 77
}

# wait_for SECONDS CMD...: poll CMD every 0.2 s until it succeeds
wait_for() {
	local tmo=$1 i=0
	shift
	while ! "$@"; do
		i=$((i + 1))
		[ $i -ge $((tmo * 5)) ] && return 1
		sleep 0.2
	done
}

# irq_count NAME: total of the /proc/interrupts lines whose action is NAME
irq_count() {
	awk -v name="$1" '$NF ~ name {
		for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) n += $i
	} END { print n + 0 }' /proc/interrupts
}

# dmatest_summaries: threads that have printed their summary
dmatest_summaries() {
	dmesg | grep -c 'dmatest: .*summary .* tests'
}

dmatest_done() {
	[ "$(dmatest_summaries)" -ge "$1" ]
}

# dmatest_threads: threads dmatest said it started
dmatest_threads() {
	dmesg | sed -n 's/.*dmatest: Started \([0-9]*\) threads.*/\1/p' |
		awk '{ n += $1 } END { print n + 0 }'
}

# dmatest_set PARAM=VALUE...: load dmatest and set its parameters in
# order; "channel=NAME" adds that channel's threads with the parameters
# set before it, "channel=" all channels. KASAN and lockdep make every
# test several times slower, so the debug kernel runs a quarter of the
# iterations.
dmatest_set() {
	local p v
	[ -d /sys/module/dmatest ] || modprobe dmatest || fail "modprobe dmatest"
	for p in "$@"; do
		v=${p#*=}
		[ "$CBDMA_FLAVOUR" = debug ] && [ "${p%%=*}" = iterations ] &&
			v=$(((v + 3) / 4))
		echo "$v" >/sys/module/dmatest/parameters/${p%%=*} ||
			fail "dmatest parameter $p"
	done
}

# dmatest_channels PCI: channel=NAME for every channel of a PCI device
dmatest_channels() {
	local c
	for c in $(ls /sys/bus/pci/devices/$1/dma); do
		echo channel=$c
	done
}

# dmatest_run TIMEOUT PARAM=VALUE...: run the in-tree dmatest on every
# channel it can take with these parameters; prints the per-thread summaries
# and fails on any failure, a missing summary or a timeout.
dmatest_run() {
	local tmo=$1 threads
	shift
	dmatest_set iterations=20 threads_per_chan=1 "$@" channel=
	dmesg -c >/dev/null
	echo 1 >/sys/module/dmatest/parameters/run
	threads=$(dmatest_threads)
	[ "$threads" -gt 0 ] || fail "dmatest started no thread (no channel?)"
	if ! wait_for $tmo dmatest_done $threads; then
		echo 0 >/sys/module/dmatest/parameters/run
		fail "dmatest: $(dmatest_summaries) of $threads threads done after ${tmo}s"
	fi
	dmesg | grep -E 'dmatest: .*(summary|result)' | sed 's/^\[[ 0-9.]*\] //'
	dmesg | grep -q 'summary .* tests, [1-9][0-9]* failures' &&
		fail "dmatest reported failures"
	dmesg | grep -q 'dmatest: .*result' && fail "dmatest reported errors"
	echo "dmatest: $threads threads, no failure"
	# dmatest keeps its channels until it is unloaded
	rmmod dmatest || fail "rmmod dmatest"
}

# make_ramdisks N SIZE_KB
make_ramdisks() {
	modprobe brd rd_nr=$1 rd_size=$2 || fail "modprobe brd"
	wait_for 10 test -b /dev/ram$(($1 - 1)) || fail "no /dev/ram$(($1 - 1))"
}

md_wait_idle() {
	local md=$1 tmo=$2
	wait_for $tmo sh -c "grep -q idle /sys/block/$md/md/sync_action" ||
		fail "$md: sync_action not idle after ${tmo}s: $(cat /sys/block/$md/md/sync_action)"
}

# md_check MD: run a parity check and require mismatch_cnt 0
md_check() {
	local md=$1 mm
	echo check >/sys/block/$md/md/sync_action || fail "$md: check"
	sleep 0.5
	md_wait_idle $md 300
	mm=$(cat /sys/block/$md/md/mismatch_cnt)
	echo "$md: check done, mismatch_cnt $mm"
	[ "$mm" = 0 ] || fail "$md: mismatch_cnt $mm"
}

# md_write_verify MD PATTERN: write PATTERN to MD with direct I/O and read
# it back identical
md_write_verify() {
	local md=$1 pat=$2 n
	n=$(($(stat -c %s $pat) / 1048576))
	dd if=$pat of=/dev/$md bs=1M count=$n oflag=direct 2>/dev/null ||
		fail "$md: write failed"
	md_read_verify $md $pat
}

md_read_verify() {
	local md=$1 pat=$2 n
	n=$(($(stat -c %s $pat) / 1048576))
	echo 3 >/proc/sys/vm/drop_caches
	dd if=/dev/$md of=/tmp/readback bs=1M count=$n iflag=direct 2>/dev/null ||
		fail "$md: read failed"
	cmp $pat /tmp/readback || fail "$md: data read back differs"
	rm -f /tmp/readback
	echo "$md: $n MiB read back identical"
}

md_stop_all() {
	local md
	for md in /dev/md*; do
		[ -b $md ] && mdadm --stop $md >/dev/null 2>&1
	done
	return 0
}

# md_raid_roundtrip LEVEL DISKS [IRQNAME]: create an array on ramdisks,
# wait for the initial resync, write and read back a random pattern, run a
# check; fail one member (two for raid6), read back degraded, add spares,
# rebuild, check and read back again. The channels' interrupt count
# (IRQNAME, default ioat-msix) must rise, proving the parity work went to
# the device.
md_raid_roundtrip() {
	local level=$1 n=$2 irq=${3:-ioat-msix} disks= i before after nfail
	# The kernel's async_tx maps md's pages without dma_mapping_error();
	# DMA_API_DEBUG reports that client mistake as a splat.
	[ "$CBDMA_FLAVOUR" = debug ] &&
		skip "the kernel's async_tx trips DMA_API_DEBUG (unchecked mappings)"
	[ -b /dev/ram0 ] || make_ramdisks 8 16384
	modprobe raid456 || fail "modprobe raid456"
	echo 100000 >/proc/sys/dev/raid/speed_limit_min
	for i in $(seq 0 7); do
		dd if=/dev/zero of=/dev/ram$i bs=1M count=1 2>/dev/null
	done
	for i in $(seq 0 $((n - 1))); do
		disks="$disks /dev/ram$i"
	done
	before=$(irq_count $irq)
	mdadm --create /dev/md0 --run --quiet --metadata=1.2 --level=$level \
		--raid-devices=$n --chunk=64 $disks || fail "mdadm --create"
	md_wait_idle md0 300
	dd if=/dev/urandom of=/tmp/pattern bs=1M count=16 2>/dev/null
	md_write_verify md0 /tmp/pattern
	md_check md0

	nfail=$((level - 4))
	for i in $(seq 1 $nfail); do
		mdadm /dev/md0 --fail /dev/ram$i --remove /dev/ram$i >/dev/null ||
			fail "mdadm --fail ram$i"
	done
	grep -q "_" /proc/mdstat || fail "array not degraded"
	echo "raid$level: $nfail member(s) failed"
	md_read_verify md0 /tmp/pattern
	for i in $(seq 1 $nfail); do
		dd if=/dev/zero of=/dev/ram$((n + i - 1)) bs=1M count=1 2>/dev/null
		mdadm /dev/md0 --add /dev/ram$((n + i - 1)) >/dev/null ||
			fail "mdadm --add"
	done
	sleep 0.5
	md_wait_idle md0 300
	grep -q "_" /proc/mdstat && fail "array still degraded after rebuild"
	echo "raid$level: rebuilt onto spares"
	md_check md0
	md_read_verify md0 /tmp/pattern
	after=$(irq_count $irq)
	echo "raid$level: $irq interrupts $before -> $after"
	mdadm --stop /dev/md0 >/dev/null || fail "mdadm --stop"
	for i in $(seq 0 7); do
		mdadm --zero-superblock /dev/ram$i >/dev/null 2>&1
	done
	[ "$after" -gt "$before" ] || fail "no $irq interrupt: parity not offloaded"
}

# qmp REQUEST...: ask the host to run a QMP request on a device model,
# e.g. "qmp qom-set cbdma1 fault-nth 1"; prints the reply ("ok ..." or
# "err ..."), fails when there is none within 10 s
qmp() {
	local reply
	stty -F /dev/ttyS2 raw -echo 2>/dev/null
	exec 5<>/dev/ttyS2
	echo "$*" >&5
	read -t 10 reply <&5 || { exec 5>&-; fail "no reply from the host to '$*'"; }
	exec 5>&-
	echo "$reply"
}

qmp_ok() {
	local r
	r=$(qmp "$@")
	case $r in ok*) ;; *) fail "qmp $*: $r" ;; esac
}

# client CMD...: run one operation through tests/client, print the result
client() {
	[ -d /sys/kernel/debug/cbdma_client ] ||
		insmod /lib/cbdma/modules/cbdma_client.ko || fail "insmod cbdma_client"
	echo "$*" >/sys/kernel/debug/cbdma_client/run 2>/dev/null
	cat /sys/kernel/debug/cbdma_client/run
}

# expect_client PATTERN CMD...: the client's result must match PATTERN
expect_client() {
	local pat=$1 r
	shift
	r=$(client "$@")
	echo "$* -> $r"
	case $r in $pat) ;; *) fail "expected '$pat'" ;; esac
}

# chan_of PCI N: the dmaengine name of channel N of a PCI device
chan_of() {
	basename $(ls -d /sys/bus/pci/devices/$1/dma/dma*chan$2)
}

# chan_stat PCI N KEY: a counter from cbdma's debugfs for that channel
chan_stat() {
	awk -v k="$3" '$1 == k { print $2; exit }' /sys/kernel/debug/cbdma/$1/chan$2
}
