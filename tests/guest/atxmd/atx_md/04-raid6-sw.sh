# md raid6 (4+2) over atx.ko in software mode, as 03 with "op pq sw=".
. $(dirname $0)/lib.inc
atx_set_max_channels 0
md_raid_roundtrip 6 6 atx=sw noirq=cbdma-msix
atx_set_max_channels -1
