# A device with all of INTERRUPT, MEMCPY, XOR, XOR_VAL, PQ and PQ_VAL is
# registered public, so async_tx and md can use it.
. /lib/cbdma/vm/testlib.sh
for d in /sys/kernel/debug/cbdma/*/; do
	caps=$(head -n 1 $d/caps)
	echo "$(basename $d): $caps"
	case "$caps" in *private*) fail "registered private" ;; esac
	for c in memcpy xor xor_val pq pq_val interrupt; do
		case " $caps " in *" $c "*) ;; *) fail "no $c" ;; esac
	done
done
