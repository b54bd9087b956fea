# Out-of-range module parameters are refused with a message naming the
# range; nothing is bound with them.
. /lib/cbdma/vm/testlib.sh
rmmod cbdma || fail "rmmod cbdma"
for p in ring_max_order=99 ring_min_order=2 watchdog_ms=0 watchdog_ms=abc; do
	dmesg -c >/dev/null
	if insmod /lib/cbdma/modules/cbdma.ko $p 2>/dev/null; then
		rmmod cbdma
		fail "$p accepted"
	fi
	msg=$(dmesg | grep "cbdma: ${p%%=*}=")
	echo "$p refused: ${msg#*\] }"
	[ -n "$msg" ] || fail "no message for $p"
done
insmod /lib/cbdma/modules/cbdma.ko || fail "insmod cbdma"
