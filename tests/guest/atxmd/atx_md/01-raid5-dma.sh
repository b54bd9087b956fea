# md raid5 (4+1) on ramdisks over atx.ko with cbdma's channels: resync,
# write, read back, check, one member failed, degraded read, spare rebuilt,
# check again. atx's "op xor dma=" counter and cbdma's interrupts prove the
# parity went to the device.
. $(dirname $0)/lib.inc
# desc_totals: descriptors allocated by preps, and operations, over all of
# cbdma's channels since probe
desc_totals() {
	local f allocs=0 ops=0 a
	for f in /sys/kernel/debug/cbdma/*/chan*; do
		a=$(awk '$1 == "desc_allocs" { print $2 }' $f)
		[ -n "$a" ] || fail "$f: no desc_allocs count"
		allocs=$((allocs + a))
		ops=$((ops + $(awk '$1 == "op" { on = 1; next }
			on && NF == 4 { n += $2 } END { print n + 0 }' $f)))
	done
	echo "$allocs $ops"
}

atx_set_max_channels -1
before=$(desc_totals)
md_raid_roundtrip 5 5 atx=dma irq=cbdma-msix
after=$(desc_totals)
# cbdma takes descriptors from a pool allocated with the channel, one per
# slot of the initial ring, and gives them back: under md's load the
# channels atx holds allocate few descriptors for the operations they run
cached=0
for f in /sys/kernel/debug/cbdma/*/chan*; do
	n=$(awk '$1 == "cached:" { print $2 }' $f)
	[ -n "$n" ] || fail "$f: no cached count"
	p=$(awk '$1 == "pool:" { print $2 }' $f)
	[ -n "$p" ] || fail "$f: no pool size"
	[ $n -le $p ] || fail "$f: $n descriptors free in a pool of $p"
	cached=$((cached + n))
done
allocs=$((${after% *} - ${before% *}))
ops=$((${after#* } - ${before#* }))
echo "descriptors cached: $cached; under md: $allocs allocated for $ops operations"
[ $cached -gt 0 ] || fail "no descriptor kept for reuse"
[ $ops -gt 1000 ] || fail "only $ops operations on cbdma's channels"
[ $((allocs * 10)) -lt $ops ] || fail "$allocs descriptors allocated for $ops operations: not reused"
