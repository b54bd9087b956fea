#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [--flavour F] [--suite FILTER] [--boots "b1 b2"]: run every test
# suite in the guest and print, as the very last line, the totals
# "N passed, N failed, N skipped".
#
# A boot is one VM run with a given stack and set of devices (boots.conf).
# Each boot's guest prints a KTAP document (tools/vm/guest/ktap.sh) that is
# parsed here by the kernel's own kunit.py; a boot that times out, crashes
# or prints a kernel splat counts as one failed test and shows why.

set -uo pipefail
. "$(dirname "$0")/../../build/lib.sh"

flavour=default filter= only=
while [[ $# -gt 0 ]]; do
	case $1 in
	--flavour) flavour=$2; shift 2 ;;
	--suite) filter=$2; shift 2 ;;
	--boots) only=$2; shift 2 ;;
	*) die "check.sh: unknown argument $1" ;;
	esac
done

kbuild=$("$CBDMA_ROOT/tools/build/kernel.sh" "$flavour") || exit 1
"$CBDMA_ROOT/tools/build/qemu.sh" >/dev/null || exit 1
"$CBDMA_ROOT/tools/build/modules.sh" "$flavour" >/dev/null || exit 1
# built once here, not again for each boot
export CBDMA_MODULES_BUILT=$flavour
kunit_py=$(cd "$kbuild" && readlink -f source)/tools/testing/kunit/kunit.py
[[ -f $kunit_py ]] || die "check.sh: $kunit_py not found"

results=$CBDMA_CACHE/runs/check-$flavour
rm -rf "$results"
mkdir -p "$results"
extra_failed=0
t0=$SECONDS

# boots.conf: NAME STACK DEVICES TIMEOUT [PROPS|-] [APPEND...]
while read -r name stack ndev tmo props append; do
	[[ ${props:-} == - ]] && props=
	[[ -z $name || $name == \#* ]] && continue
	# "?NAME": opt-in, run only when named in --boots
	if [[ $name == \?* ]]; then
		name=${name#\?}
		[[ " $only " == *" $name "* ]] || continue
	fi
	[[ -n $only && " $only " != *" $name "* ]] && continue
	# Suites are picked per stack; skip a boot with nothing to run.
	if [[ $stack != cbdma && $stack != none && $stack != atx &&
	      ! -d $CBDMA_ROOT/tests/guest/$stack ]]; then
		continue
	fi
	# The in-tree ioatdma allocates and walks 64K-descriptor rings without
	# rescheduling; under KASAN in TCG that trips the soft-lockup detector.
	# The debug kernel is there to check cbdma, so the peer boot runs on
	# the default kernel only.
	if [[ $flavour == debug && $stack == peer ]]; then
		echo "=== boot '$name' skipped on the debug kernel (in-tree ioatdma soft-lockups under KASAN)"
		continue
	fi
	# KASAN and lockdep slow everything down several times under TCG.
	[[ $flavour == debug ]] && tmo=$((tmo * 4))
	job=$results/$name.sh
	cat >"$job" <<-JOB
	. /lib/cbdma/vm/lib.sh
	. /lib/cbdma/vm/ktap.sh
	ktap_run $stack "$filter"
	JOB
	echo "=== boot '$name': stack $stack, $ndev cbdma device(s), bound ${tmo}s"
	"$CBDMA_ROOT/tools/vm/vm.sh" --flavour "$flavour" --stack "$stack" \
		--cbdma "$ndev" --props "${props:-}" --timeout "$tmo" \
		--append "${append:-}" \
		--name "check-$flavour-$name" --quiet "$job"
	rc=$?
	run=$CBDMA_CACHE/runs/check-$flavour-$name
	sed -n '/^CBDMA-KTAP-BEGIN$/,/^CBDMA-KTAP-END$/p' "$run/job.out" |
		sed '1d;$d' >"$results/$name.ktap"
	if [[ -s $results/$name.ktap ]]; then
		python3 "$kunit_py" parse --json="$results/$name.json" \
			"$results/$name.ktap" | grep -v '^\[.*\] Writing JSON'
		parse_rc=${PIPESTATUS[0]}
	else
		parse_rc=1
	fi
	if [[ $rc -ne 0 ]]; then
		echo "cbdma: boot '$name' failed (status $rc); console: $run/console.log"
		extra_failed=$((extra_failed + 1))
	elif [[ $parse_rc -ne 0 ]]; then
		echo "$parse_rc" >"$results/$name.parse-failed"
	fi
done <"$CBDMA_ROOT/tools/testing/cbdma/boots.conf"

echo "check ($flavour) took $((SECONDS - t0)) s; results in $results"
python3 - "$results" "$extra_failed" <<'PY'
import glob, json, os, sys

def leaves(group):
    for case in group.get('test_cases', []):
        yield case['status']
    for sub in group.get('sub_groups', []):
        yield from leaves(sub)

results, failed = sys.argv[1], int(sys.argv[2])
passed = skipped = 0
for path in sorted(glob.glob(os.path.join(results, '*.json'))):
    with open(path) as f:
        statuses = list(leaves(json.load(f)))
    name = os.path.basename(path)[:-5]
    bad = sum(s not in ('PASS', 'SKIP') for s in statuses)
    if not statuses or (bad == 0 and
                        os.path.exists(os.path.join(results, name + '.parse-failed'))):
        print('cbdma: boot %s: kunit.py reported a parse error' % name)
        bad += 1
    passed += statuses.count('PASS')
    skipped += statuses.count('SKIP')
    failed += bad
line = '%d passed, %d failed' % (passed, failed)
if skipped:
    line += ', %d skipped' % skipped
print(line)
sys.exit(1 if failed or passed == 0 else 0)
PY
