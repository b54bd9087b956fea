# The in-tree dmatest against cbdma's channels: memcpy, xor and pq with
# random sizes and offsets, verification on.
. /lib/cbdma/vm/testlib.sh
dmatest_run 600 dmatest=0 iterations=30 xor_sources=3 pq_sources=3 test_buf_size=16384
dmatest_run 600 dmatest=0 iterations=15 xor_sources=7 pq_sources=15 test_buf_size=65536
