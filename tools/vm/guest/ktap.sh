# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make check`: run KUnit test modules and shell-level guest
# tests, and print one KTAP document on stdout. The host feeds it to the
# kernel's own tools/testing/kunit/kunit.py parse; nothing here interprets
# results beyond an exit status.
#
# KUnit suites print through printk when their module loads. Each module's
# slice of the kernel log is cut out with dmesg -c, the printk timestamps
# removed, and the top-level suite results renumbered into one document.

KTAP_DIR=/tmp/ktap
CASE_TIMEOUT=${CASE_TIMEOUT:-300}
[ "$CBDMA_FLAVOUR" = debug ] && CASE_TIMEOUT=1200

# matches NAME FILTER: FILTER is empty or a substring of NAME.
matches() {
	[ -z "$2" ] && return 0
	case $1 in *$2*) return 0 ;; esac
	return 1
}

run_kunit_module() {
	local ko=$1 name
	name=$(basename $ko .ko)
	echo "cbdma-test: $name" >/dev/kmsg
	dmesg -c >/dev/null
	insmod $ko >$KTAP_DIR/$name.insmod 2>&1
	dmesg -c | sed 's/^\[[ 0-9.]*\] //' >$KTAP_DIR/$name.log
	grep -q '^    # Subtest: ' $KTAP_DIR/$name.log ||
		echo "not ok 1 $name # insmod failed: $(cat $KTAP_DIR/$name.insmod)" \
			>>$KTAP_DIR/$name.log
	rmmod $name 2>/dev/null
	echo $KTAP_DIR/$name.log >>$KTAP_DIR/parts
}

# A guest suite is a directory of shell scripts, one test case each:
# exit 0 passes, 77 skips (first output line is the reason), else fails.
run_guest_suite() {
	local dir=$1 suite n=0 i=0 t rc out
	suite=$(basename $dir)
	out=$KTAP_DIR/$suite.log
	n=$(ls $dir/*.sh 2>/dev/null | wc -l)
	{
		echo "    KTAP version 1"
		echo "    # Subtest: $suite"
		echo "    1..$n"
	} >$out
	local failed=0
	for t in $dir/*.sh; do
		[ -f $t ] || continue
		i=$((i + 1))
		# where a hung case is, for the console log
		echo "cbdma-test: $suite/$(basename $t .sh)" >/dev/kmsg
		timeout $CASE_TIMEOUT sh $t >$KTAP_DIR/case.out 2>&1
		rc=$?
		sed 's/^/    # /' $KTAP_DIR/case.out >>$out
		case $rc in
		0) echo "    ok $i $(basename $t .sh)" >>$out ;;
		77) echo "    ok $i $(basename $t .sh) # SKIP $(head -n 1 $KTAP_DIR/case.out)" >>$out ;;
		143) failed=1
		     echo "    not ok $i $(basename $t .sh) # timed out after ${CASE_TIMEOUT}s" >>$out ;;
		*) failed=1
		   echo "    not ok $i $(basename $t .sh) # exit status $rc" >>$out ;;
		esac
	done
	if [ $failed = 1 ]; then
		echo "not ok 1 $suite" >>$out
	else
		echo "ok 1 $suite" >>$out
	fi
	echo $out >>$KTAP_DIR/parts
}

# ktap_run STACK FILTER: the KUnit modules for STACK (*_model_test.ko
# drive the device model without cbdma.ko: stack none; atx_test.ko and
# atx_*_test.ko need atx.ko, which takes channels the cbdma suites request
# too: stack atx; the others need cbdma.ko: stack cbdma) and every suite
# under tests/guest/STACK/.
ktap_run() {
	local stack=$1 filter=$2 ko dir part nr=0 i=0
	rm -rf $KTAP_DIR
	mkdir -p $KTAP_DIR
	# the in-tree libraries test modules check against
	modprobe -a xor raid6_pq 2>/dev/null
	: >$KTAP_DIR/parts
	for ko in /lib/cbdma/kunit/*_test.ko; do
		[ -f $ko ] || continue
		case $stack:$ko in
		none:*_model_test.ko) ;;
		atx:*/atx_test.ko | atx:*/atx_*_test.ko) ;;
		*:*_model_test.ko | *:*/atx_test.ko | *:*/atx_*_test.ko)
			continue ;;
		cbdma:*) ;;
		*) continue ;;
		esac
		matches $(basename $ko .ko) "$filter" || continue
		run_kunit_module $ko
	done
	for dir in /lib/cbdma/tests/$stack/*/; do
		[ -d $dir ] || continue
		matches $(basename $dir) "$filter" || continue
		run_guest_suite ${dir%/}
	done
	for part in $(cat $KTAP_DIR/parts); do
		nr=$((nr + $(grep -c -E '^(not )?ok [0-9]+ ' $part)))
	done
	echo "CBDMA-KTAP-BEGIN"
	echo "KTAP version 1"
	echo "1..$nr"
	for part in $(cat $KTAP_DIR/parts); do
		awk -v base=$i '
			/^(not )?ok [0-9]+ / {
				n = ++count + base
				sub(/ok [0-9]+ /, "ok " n " ")
			}
			{ print }' $part
		i=$((i + $(grep -c -E '^(not )?ok [0-9]+ ' $part)))
	done
	echo "CBDMA-KTAP-END"
}
