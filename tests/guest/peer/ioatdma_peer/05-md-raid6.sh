# md raid6 (4+2) over the in-tree async_tx offloading to ioatdma.
. /lib/cbdma/vm/testlib.sh
md_raid_roundtrip 6 6
