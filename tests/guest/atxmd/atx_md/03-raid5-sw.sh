# md raid5 (4+1) over atx.ko in software mode (max_channels=0: atx releases
# every channel): no atx dma= counter moves, "op xor sw=" rises, cbdma
# raises no interrupt; then atx takes its channels again.
. $(dirname $0)/lib.inc
atx_set_max_channels 0
md_raid_roundtrip 5 5 atx=sw noirq=cbdma-msix
atx_set_max_channels -1
