# A stalled channel: the watchdog resets it and aborts the work; once the
# stall is cleared the channel serves again.
. $(dirname $0)/lib.inc
qmp_ok qom-set $DEV fault-chan 1
qmp_ok qom-set $DEV fault-stall true
expect_client "ok *result=aborted status=error*" memcpy chan=$CH len=4096
qmp_ok qom-set $DEV fault-stall false
recovers
