# md raid5 (4+1) over the in-tree async_tx offloading to ioatdma: initial
# resync, write a random pattern, read it back, check mismatch_cnt 0.
. /lib/cbdma/vm/testlib.sh
md_raid_roundtrip 5 5
