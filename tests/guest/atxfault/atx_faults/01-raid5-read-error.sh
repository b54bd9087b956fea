# raid5: the device fails a descriptor (a copy or an xor) with a read
# error (CHANERR READ_DATA, bit 8); atx recomputes it, and what the
# channel aborted behind it, in software.
. $(dirname $0)/lib.inc
md_fault_roundtrip 5 256
