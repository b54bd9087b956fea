# A completion writeback that never arrives: the watchdog notices the lack
# of progress, reads CHANSTS, and completes the work the engine did do.
. $(dirname $0)/lib.inc
w0=$(chan_stat $PCI 1 watchdog)
qmp_ok qom-set $DEV fault-chan 1
qmp_ok qom-set $DEV fault-drop-wb 1
expect_client "ok *result=noerror status=complete verify=ok*" memcpy chan=$CH len=4096
[ "$(chan_stat $PCI 1 watchdog)" -gt "$w0" ] || fail "the watchdog did not act"
recovers
