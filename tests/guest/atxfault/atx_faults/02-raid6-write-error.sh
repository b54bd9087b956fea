# raid6: the device fails a descriptor (a copy or P+Q) with a write error
# (CHANERR WRITE_DATA, bit 9); atx recomputes it in software.
. $(dirname $0)/lib.inc
md_fault_roundtrip 6 512
