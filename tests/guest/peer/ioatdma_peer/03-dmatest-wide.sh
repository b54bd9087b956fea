# dmatest with xor over 5 and 7 sources (the extension slot) and pq over 9
# and 15 sources (16-source descriptors with a super-extended descriptor).
# dmatest forces odd source counts; even counts run through md below.
. /lib/cbdma/vm/testlib.sh
dmatest_run 600 iterations=20 xor_sources=5 pq_sources=9 test_buf_size=65536
dmatest_run 600 iterations=20 xor_sources=7 pq_sources=15 test_buf_size=65536
