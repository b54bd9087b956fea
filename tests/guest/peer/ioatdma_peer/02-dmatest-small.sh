# dmatest (memcpy, xor with 3 sources, pq with 3) on every channel,
# random sizes and offsets, verification on.
. /lib/cbdma/vm/testlib.sh
dmatest_run 600 iterations=40 xor_sources=3 pq_sources=3 test_buf_size=16384
