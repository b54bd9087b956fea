# An injected READ_DATA error: the client gets DMA_TRANS_READ_FAILED and
# tx_status DMA_ERROR; the channel is reset and serves again.
. $(dirname $0)/lib.inc
r0=$(chan_stat $PCI 1 resets)
inject 0x100
expect_client "ok *result=read_failed status=error*" memcpy chan=$CH len=4096
[ "$(chan_stat $PCI 1 resets)" -gt "$r0" ] || fail "channel was not reset"
recovers
