# An injected LENGTH error: the descriptor is aborted, the client told.
. $(dirname $0)/lib.inc
inject 0x800
expect_client "ok *result=aborted status=error*" pq chan=$CH src=5 len=4096
grep -q LENGTH /sys/kernel/debug/cbdma/$PCI/chan1 || fail "LENGTH not in the CHANERR history"
recovers
