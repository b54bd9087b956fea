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

# bounded SECONDS CMD...: run CMD and wait for it at most SECONDS; a
# process stuck in the kernel cannot be killed, so one still running then
# is left behind and bounded returns 124
bounded() {
	local tmo=$1 pid
	shift
	"$@" &
	pid=$!
	if wait_for $tmo pid_gone $pid; then
		wait $pid
		return
	fi
	echo "still running after ${tmo}s, left behind: $*"
	return 124
}

# pid_gone PID: the process has exited (a zombie counts as exited)
pid_gone() {
	local st
	st=$(cat /proc/$1/stat 2>/dev/null) || return 0
	case $st in *") Z "*) return 0 ;; esac
	return 1
}

# median: the median of the numbers on stdin (the mean of the middle two
# for an even count), as an integer; nothing at all for no number
median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR) print int((v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2)
	}'
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

# unbind_under_dmatest PCI SECONDS: run the in-tree dmatest (copy, xor and
# pq threads on every channel of cbdma device PCI, until stopped), unbind
# the device SECONDS into the run, stop and unload dmatest. Sets
# ud_threads (threads that stopped), ud_errors (tests that completed with
# an error status), ud_timeouts ("test timed out" before the stop: a
# callback that did not come within 2 s), ud_stopped ("test timed out" for
# the test a thread was waiting on when stopped, see below) and ud_data
# ("data error": a failed operation that tx_status called complete), and
# ud_log, dmatest's lines about timeouts and data errors.
unbind_under_dmatest() {
	local log
	# iterations=0: dmatest runs until stopped, so the unbind always
	# finds it at work
	dmatest_set iterations=0 threads_per_chan=1 test_buf_size=4096 \
		timeout=2000 $(dmatest_channels $1)
	dmesg -c >/dev/null
	echo 1 >/sys/module/dmatest/parameters/run
	sleep $2
	echo $1 >/sys/bus/pci/drivers/cbdma/unbind || fail "unbind $1"
	# Stopping dmatest is kthread_stop(), which sets TIF_NOTIFY_SIGNAL:
	# that ends a thread's interruptible wait for its callback at once,
	# and dmatest reports the test it was waiting on as "test timed out"
	# whatever the driver does. Those come after this mark and are
	# counted apart (ud_stopped); a timeout before it waited in full.
	echo "cbdma-test: stopping dmatest" >/dev/kmsg
	echo 0 >/sys/module/dmatest/parameters/run
	wait_for 60 sh -c '! grep -q Y /sys/module/dmatest/parameters/run' ||
		fail "dmatest did not stop"
	log=$(dmesg | grep "dmatest: \|cbdma-test: stopping")
	ud_threads=$(echo "$log" | grep -c "summary")
	ud_errors=$(echo "$log" | grep -c "completion error status")
	ud_timeouts=$(echo "$log" | sed '/cbdma-test: stopping/,$d' |
		grep -c "test timed out")
	ud_stopped=$(echo "$log" | sed -n '/cbdma-test: stopping/,$p' |
		grep -c "test timed out")
	ud_data=$(echo "$log" | grep -c "data error")
	ud_log=$(echo "$log" | grep "timed out\|data error\|cbdma-test: stopping")
	rmmod dmatest || fail "rmmod dmatest"
}

# make_ramdisks N SIZE_KB
make_ramdisks() {
	modprobe brd rd_nr=$1 rd_size=$2 || fail "modprobe brd"
	wait_for 10 test -b /dev/ram$(($1 - 1)) || fail "no /dev/ram$(($1 - 1))"
}

# MD_WAIT: bound in seconds of each wait for md's resync, rebuild or check
# to finish and of each pattern write or read; a suite sets it below its
# CASE_TIMEOUT so that a hang fails the wait, with its message, rather than
# getting the case killed
MD_WAIT=${MD_WAIT:-300}

# MD_DISK_MB: size of each ramdisk of md_raid_roundtrip, and of the
# pattern written (a quarter of the array). Its resyncs, checks and
# rebuild go over every member whole: on the debug kernel, where a case
# took 2 to 4.5 minutes at 16 MiB, half as much.
MD_DISK_MB=16
[ "$CBDMA_FLAVOUR" = debug ] && MD_DISK_MB=8

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
	md_wait_idle $md $MD_WAIT
	mm=$(cat /sys/block/$md/md/mismatch_cnt)
	echo "$md: check done, mismatch_cnt $mm"
	[ "$mm" = 0 ] || fail "$md: mismatch_cnt $mm"
}

# md_write_verify MD PATTERN: write PATTERN to MD with direct I/O and read
# it back identical
md_write_verify() {
	local md=$1 pat=$2 n
	n=$(($(stat -c %s $pat) / 1048576))
	bounded $MD_WAIT sh -c \
		"dd if=$pat of=/dev/$md bs=1M count=$n oflag=direct 2>/dev/null" ||
		fail "$md: write failed"
	md_read_verify $md $pat
}

md_read_verify() {
	local md=$1 pat=$2 n
	n=$(($(stat -c %s $pat) / 1048576))
	echo 3 >/proc/sys/vm/drop_caches
	bounded $MD_WAIT sh -c \
		"dd if=/dev/$md of=/tmp/readback bs=1M count=$n iflag=direct 2>/dev/null" ||
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

# md_load: load md's raid456 personality. atx.ko exports the kernel's
# async_tx symbols in place of the in-tree async_* modules, which can then
# never load: over atx, modprobe raid456 would try to and fail, so load
# the other modules raid456 links to by name and insert its file itself.
md_load() {
	local ko
	[ -d /sys/module/raid456 ] && return 0
	if [ ! -d /sys/module/atx ]; then
		modprobe raid456 || fail "modprobe raid456"
		return 0
	fi
	modprobe -a md_mod xor raid6_pq || fail "modprobe md_mod xor raid6_pq"
	ko=$(modinfo -n raid456 2>/dev/null)
	[ -f "$ko" ] ||
		ko=$(find /lib/modules/$(uname -r) -name raid456.ko | head -n 1)
	[ -f "$ko" ] || fail "raid456.ko not found under /lib/modules/$(uname -r)"
	insmod $ko || fail "insmod $ko (over atx)"
}

# md_create LEVEL N: /dev/md0 at LEVEL on /dev/ram0..N-1 (ramdisks of
# MD_DISK_MB, made if missing), its initial resync done. The old
# superblocks of all eight ramdisks are wiped, those a test adds later as
# spares included.
md_create() {
	local level=$1 n=$2 disks= i
	[ -b /dev/ram0 ] || make_ramdisks 8 $((MD_DISK_MB * 1024))
	md_load
	echo 100000 >/proc/sys/dev/raid/speed_limit_min
	for i in $(seq 0 7); do
		dd if=/dev/zero of=/dev/ram$i bs=1M count=1 2>/dev/null
	done
	for i in $(seq 0 $((n - 1))); do
		disks="$disks /dev/ram$i"
	done
	mdadm --create /dev/md0 --run --quiet --metadata=1.2 --level=$level \
		--raid-devices=$n --chunk=64 $disks || fail "mdadm --create"
	md_wait_idle md0 $MD_WAIT
}

ATX_STATS=/sys/kernel/debug/atx/stats
ATX_MAXCHAN=/sys/module/atx/parameters/max_channels

# atx_stat OP KEY: counter KEY of the "op OP" line of atx's statistics
# (e.g. atx_stat xor dma); OP "all" sums KEY over every op. Fails when
# there is no such counter.
atx_stat() {
	awk -v op="$1" -v key="$2" '
		$1 == "op" && (op == "all" || $2 == op) {
			for (i = 3; i <= NF; i++)
				if (index($i, key "=") == 1) {
					n += substr($i, length(key) + 2)
					found = 1
				}
		}
		END { if (!found) exit 1; print n + 0 }' $ATX_STATS 2>/dev/null
}

# atx_channels_held: how many DMA channels have a client (in the atx boot
# nothing but atx takes channels)
atx_channels_held() {
	dma_channels | grep -c 'in_use=[1-9]'
}

# atx_set_max_channels N: set atx's max_channels (-1 every capable channel,
# 0 software only; not written again when it already is N) and wait,
# bounded, until channels are held (N != 0) or none is (N = 0)
atx_set_max_channels() {
	[ -w $ATX_MAXCHAN ] || fail "$ATX_MAXCHAN not writable (atx not loaded?)"
	# bounded: atx waits for a channel's queued work before giving it back
	[ "$(cat $ATX_MAXCHAN)" = "$1" ] ||
		bounded 30 sh -c "echo $1 >$ATX_MAXCHAN" ||
		fail "max_channels=$1 refused or stuck"
	if [ "$1" = 0 ]; then
		wait_for 10 atx_no_channel ||
			fail "max_channels=0: channels still held: $(dma_channels | tr '\n' ' ')"
	else
		wait_for 10 atx_some_channel ||
			fail "max_channels=$1: atx took no channel: $(dma_channels | tr '\n' ' ')"
	fi
	echo "atx: max_channels=$(cat $ATX_MAXCHAN), $(atx_channels_held) channel(s) held"
}

atx_no_channel() {
	[ "$(atx_channels_held)" -eq 0 ]
}

atx_some_channel() {
	[ "$(atx_channels_held)" -gt 0 ]
}

# md_proof_snapshot LEVEL FILE PROOF...: write to FILE one line per proof
# with the counters it compares (see md_raid_roundtrip)
md_proof_snapshot() {
	local op=xor file=$2 p k c v
	[ "$1" = 6 ] && op=pq
	shift 2
	: >$file
	for p in "$@"; do
		case $p in
		atx=*)
			v=
			for k in "$op dma" "$op sw" "$op failed" "all dma"; do
				c=$(atx_stat $k) ||
					fail "no '$k' counter in $ATX_STATS: $(cat $ATX_STATS 2>&1)"
				v="$v $c"
			done
			;;
		*) v=" $(irq_count ${p#*=})" ;;
		esac
		echo "$p$v" >>$file
	done
}

# md_proof_check LEVEL BEFORE AFTER: print each proof's counters before ->
# after and fail when one does not hold
md_proof_check() {
	local level=$1 before=$2 after=$3 op=xor p a b bad=
	[ $level = 6 ] && op=pq
	while read -r p b; do
		a=$(grep "^$p " $after | cut -d' ' -f2-)
		set -- $b $a
		case $p in
		irq=*)
			echo "raid$level: ${p#irq=} interrupts $1 -> $2"
			[ "$2" -gt "$1" ] ||
				bad="$bad; no ${p#irq=} interrupt: parity not offloaded"
			;;
		noirq=*)
			echo "raid$level: ${p#noirq=} interrupts $1 -> $2"
			[ "$2" -eq "$1" ] ||
				bad="$bad; ${p#noirq=} interrupts rose in software mode"
			;;
		atx=*)
			# $1..$4 before, $5..$8 after: op dma, op sw, op failed,
			# dma over all ops
			echo "raid$level: atx op $op dma $1 -> $5, sw $2 -> $6," \
				"failed $3 -> $7; all ops dma $4 -> $8"
			[ "$7" -eq "$3" ] || bad="$bad; atx reported $op errors to md"
			if [ $p = atx=dma ]; then
				[ "$5" -gt "$1" ] ||
					bad="$bad; atx op $op dma= did not rise: not offloaded"
			else
				[ "$8" -eq "$4" ] ||
					bad="$bad; atx offloaded ops in software mode"
				[ "$6" -gt "$2" ] ||
					bad="$bad; atx op $op sw= did not rise"
			fi
			;;
		esac
	done <$before
	[ -z "$bad" ] || fail "${bad#; }"
}

# md_raid_roundtrip LEVEL DISKS [PROOF...]: create an array on ramdisks,
# wait for the initial resync, write and read back a random pattern, run a
# check; fail one member (two for raid6), read back degraded, add spares,
# rebuild, check and read back again. Each PROOF compares counters taken
# before the array is created and after the last read:
#   NAME or irq=NAME  the interrupt count of NAME (/proc/interrupts) rises:
#                     the channels did work (default: ioat-msix);
#   noirq=NAME        the interrupt count of NAME does not change;
#   atx=dma           atx.ko's "op xor" (raid5) or "op pq" (raid6) dma=
#                     counter rises: the parity went to a channel;
#   atx=sw            atx's dma= counters (every op) do not change and the
#                     op's sw= rises: the parity ran in software.
# With atx, its op's failed= must not change either.
md_raid_roundtrip() {
	local level=$1 n=$2 i nfail p proofs=
	shift 2
	[ $# -eq 0 ] && set -- ioat-msix
	for p in "$@"; do
		case $p in
		irq=* | noirq=* | atx=dma | atx=sw) ;;
		atx=* | *=*) fail "md_raid_roundtrip: unknown proof '$p'" ;;
		*) p=irq=$p ;;
		esac
		proofs="$proofs $p"
	done
	# The kernel's async_tx maps md's pages without dma_mapping_error();
	# DMA_API_DEBUG reports that client mistake as a splat. atx checks its
	# mappings, so md over atx runs on the debug kernel too.
	[ "$CBDMA_FLAVOUR" = debug ] && [ ! -d /sys/module/atx ] &&
		skip "the kernel's async_tx trips DMA_API_DEBUG (unchecked mappings)"
	md_proof_snapshot $level /tmp/md_proof.before $proofs
	md_create $level $n
	dd if=/dev/urandom of=/tmp/pattern bs=1M count=$MD_DISK_MB 2>/dev/null
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
	md_wait_idle md0 $MD_WAIT
	grep -q "_" /proc/mdstat && fail "array still degraded after rebuild"
	echo "raid$level: rebuilt onto spares"
	md_check md0
	md_read_verify md0 /tmp/pattern
	md_proof_snapshot $level /tmp/md_proof.after $proofs
	mdadm --stop /dev/md0 >/dev/null || fail "mdadm --stop"
	for i in $(seq 0 7); do
		mdadm --zero-superblock /dev/ram$i >/dev/null 2>&1
	done
	md_proof_check $level /tmp/md_proof.before /tmp/md_proof.after
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

# chan_stat_is PCI N KEY VALUE: that counter reads VALUE (for wait_for)
chan_stat_is() {
	[ "$(chan_stat $1 $2 $3)" = "$4" ]
}
