# A source bus address that nothing decodes: the engine halts with
# SRC_ADDR, the client gets DMA_TRANS_READ_FAILED.
. $(dirname $0)/lib.inc
expect_client "ok *result=read_failed status=error*" badaddr chan=$CH len=4096
grep -q SRC_ADDR /sys/kernel/debug/cbdma/$PCI/chan1 || fail "SRC_ADDR not in the CHANERR history"
recovers
