# force_private=1 keeps the channels away from async_tx; unload and load
# again leave a working device.
. /lib/cbdma/vm/testlib.sh
rmmod cbdma || fail "rmmod cbdma"
insmod /lib/cbdma/modules/cbdma.ko force_private=1 || fail "insmod force_private=1"
for d in /sys/kernel/debug/cbdma/*/; do
	head -n 1 $d/caps | grep -q private || fail "$(basename $d) not private"
done
echo "force_private=1: every device private"
rmmod cbdma || fail "rmmod cbdma"
insmod /lib/cbdma/modules/cbdma.ko || fail "insmod cbdma"
expect_client "ok *verify=ok*" memcpy len=65536
