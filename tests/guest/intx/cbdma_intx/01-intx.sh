# With MSI and MSI-X disabled (pci=nomsi), cbdma falls back to the INTx
# line, INTRCTRL and ATTNSTATUS; operations on every channel complete.
. /lib/cbdma/vm/testlib.sh
dmesg | grep -q "cbdma 0000:00:01.0: .*INTx interrupts" || fail "not in INTx mode: $(dmesg | grep 'cbdma 0000')"
for n in 0 1 2 3; do
	expect_client "ok *verify=ok*" xor src=6 len=65536 chan=$(chan_of 0000:00:01.0 $n)
done
grep cbdma /proc/interrupts
