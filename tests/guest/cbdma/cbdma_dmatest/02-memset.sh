# dmatest's memset test (cbdma offers DMA_MEMSET; ioatdma does not).
. /lib/cbdma/vm/testlib.sh
dmatest_run 600 dmatest=1 iterations=30 test_buf_size=16384
