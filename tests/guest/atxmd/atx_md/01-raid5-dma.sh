# md raid5 (4+1) on ramdisks over atx.ko with cbdma's channels: resync,
# write, read back, check, one member failed, degraded read, spare rebuilt,
# check again. atx's "op xor dma=" counter and cbdma's interrupts prove the
# parity went to the device.
. $(dirname $0)/lib.inc
atx_set_max_channels -1
md_raid_roundtrip 5 5 atx=dma irq=cbdma-msix
# cbdma keeps the descriptors it frees for reuse on the channel (bounded):
# under md's load some channel atx holds has some cached
cached=0
for f in /sys/kernel/debug/cbdma/*/chan*; do
	n=$(awk '$1 == "cached:" { print $2 }' $f)
	[ -n "$n" ] || fail "$f: no cached count"
	[ $n -le 128 ] || fail "$f: $n descriptors cached, over the bound"
	cached=$((cached + n))
done
echo "descriptors cached: $cached"
[ $cached -gt 0 ] || fail "no descriptor kept for reuse"
