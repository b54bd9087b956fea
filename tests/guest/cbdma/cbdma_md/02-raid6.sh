# md raid6 (4+2) the same way, two members failed.
. /lib/cbdma/vm/testlib.sh
md_raid_roundtrip 6 6 cbdma-msix
