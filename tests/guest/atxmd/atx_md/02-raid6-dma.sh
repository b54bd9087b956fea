# md raid6 (4+2) the same way, two members failed; "op pq dma=" and cbdma's
# interrupts prove the offload.
. $(dirname $0)/lib.inc
atx_set_max_channels -1
md_raid_roundtrip 6 6 atx=dma irq=cbdma-msix
