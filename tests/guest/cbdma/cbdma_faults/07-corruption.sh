# A result corrupted by the engine is caught by verification: the client's
# compare for a copy, the engine's own validate for xor_val and pq_val.
. $(dirname $0)/lib.inc
qmp_ok qom-set $DEV fault-chan 1
qmp_ok qom-set $DEV fault-corrupt 1
expect_client "ok *result=noerror status=complete verify=bad*" memcpy chan=$CH len=4096
expect_client "ok *verify=ok sum=0x1*" xor_val chan=$CH src=4 len=4096 corrupt
expect_client "ok *verify=ok sum=0x3*" pq_val chan=$CH src=6 len=4096 corrupt
expect_client "ok *verify=ok sum=0x0*" pq_val chan=$CH src=6 len=4096
recovers
