# md raid5 (4+1) on ramdisks over the kernel's async_tx with cbdma's
# channels: resync, write, read back, check, one member failed, degraded
# read, spare rebuilt, check again. cbdma's interrupts prove the offload.
. /lib/cbdma/vm/testlib.sh
md_raid_roundtrip 5 5 cbdma-msix
