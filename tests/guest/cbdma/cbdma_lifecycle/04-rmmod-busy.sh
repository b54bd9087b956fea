# rmmod while a client holds a channel is refused; once the client lets
# go, unload and reload work.
. /lib/cbdma/vm/testlib.sh
dmatest_set iterations=1 channel=dma0chan2
if rmmod cbdma 2>/dev/null; then
	fail "rmmod succeeded with a channel held"
fi
echo "rmmod refused while dmatest holds dma0chan2"
rmmod dmatest || fail "rmmod dmatest"
rmmod cbdma || fail "rmmod cbdma after the client left"
insmod /lib/cbdma/modules/cbdma.ko || fail "insmod cbdma"
expect_client "ok *verify=ok*" xor src=8 len=65536
