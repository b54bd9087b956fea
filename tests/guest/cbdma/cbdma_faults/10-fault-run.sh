# A fault with 99 descriptors queued behind it: the first completes with
# DMA_TRANS_READ_FAILED, the rest aborted, and tx_status reports
# DMA_ERROR for the first cookie as for the last, however many failed
# (cbdma keeps runs of consecutive failed cookies, cookie.h). A record of
# the last 32 failed cookies, as before, said DMA_COMPLETE for the first.
. $(dirname $0)/lib.inc
lvl=/sys/module/cbdma/parameters/issue_level
old=$(cat $lvl)
trap 'echo $old >$lvl' EXIT
# only issue_pending rings: all 100 reach the engine behind the fault
echo 0 >$lvl || fail "issue_level=0 refused"
inject 0x100
expect_client "ok *count=100 result=aborted status=error*first_status=error*" \
	memcpy chan=$CH len=64 count=100 irq_last
echo $old >$lvl
recovers
