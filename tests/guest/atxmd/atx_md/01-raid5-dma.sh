# md raid5 (4+1) on ramdisks over atx.ko with cbdma's channels: resync,
# write, read back, check, one member failed, degraded read, spare rebuilt,
# check again. atx's "op xor dma=" counter and cbdma's interrupts prove the
# parity went to the device.
. $(dirname $0)/lib.inc
atx_set_max_channels -1
md_raid_roundtrip 5 5 atx=dma irq=cbdma-msix
