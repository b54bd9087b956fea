# An injected WRITE_DATA error on an xor: DMA_TRANS_WRITE_FAILED.
. $(dirname $0)/lib.inc
inject 0x200
expect_client "ok *result=write_failed status=error*" xor chan=$CH src=4 len=4096
recovers
