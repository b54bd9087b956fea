#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh [--flavour F]: run the benchmarks in the VM machinery, print a
# table and write the figures as JSON (one record per measurement: name,
# unit, value, configuration); the JSON path is the last line printed.

set -euo pipefail
. "$(dirname "$0")/../build/lib.sh"

flavour=default
[[ ${1:-} == --flavour ]] && flavour=$2

out=$CBDMA_CACHE/bench
mkdir -p "$out"
for tool in memcpy_bw now_ns; do
	gcc -O2 -static -o "$out/$tool" "$CBDMA_ROOT/tools/bench/$tool.c" ||
		die "bench: cannot build $tool"
done

lines=$out/lines.txt
: >"$lines"
"$out/memcpy_bw" 0.5 | while read -r tag size mbs; do
	case $tag in
	memcpy_hot) echo "BENCH host_cpu_memcpy_hot_$size MB/s $mbs host CPU, one block over and over (cache)" ;;
	*) echo "BENCH host_cpu_memcpy_$size MB/s $mbs host CPU, through 64 MiB (memory)" ;;
	esac >>"$lines"
done
"$CBDMA_ROOT/tools/vm/vm.sh" --flavour "$flavour" --cbdma 2 --timeout 1200 \
	--pin --name bench --files "$out/memcpy_bw" \
	"$CBDMA_ROOT/tools/bench/guest-bench.sh" | tee "$out/guest.log" |
	grep '^BENCH ' >>"$lines" || true
# md and async_xor: the kernel's async_tx and atx, software and offloaded
"$CBDMA_ROOT/tools/vm/vm.sh" --flavour "$flavour" --stack none --cbdma 2 \
	--timeout 1800 --name bench-atx --files "$out/now_ns" \
	"$CBDMA_ROOT/tools/bench/guest-bench-atx.sh" | tee "$out/guest-atx.log" |
	grep '^BENCH ' >>"$lines" || true
# channel scaling needs channels that run in parallel: cap each one
"$CBDMA_ROOT/tools/vm/vm.sh" --flavour "$flavour" --stack atx --cbdma 1 \
	--props bandwidth-mbps=40 --timeout 900 --name bench-scaling \
	"$CBDMA_ROOT/tools/bench/guest-bench-scaling.sh" |
	tee "$out/guest-scaling.log" | grep '^BENCH ' >>"$lines" || true

json=$out/bench-$(date +%Y%m%d-%H%M%S).json
python3 - "$lines" "$json" <<'PY'
import json, sys
records = []
for line in open(sys.argv[1]):
    parts = line.split(None, 4)
    if len(parts) < 4 or parts[0] != 'BENCH':
        continue
    try:
        value = float(parts[3])
    except ValueError:
        continue
    records.append({'name': parts[1], 'unit': parts[2], 'value': value,
                    'configuration': parts[4].strip() if len(parts) > 4 else ''})
print('%-36s %14s  %-9s %s' % ('measurement', 'value', 'unit', 'configuration'))
for r in records:
    print('%-36s %14.0f  %-9s %s' % (r['name'], r['value'], r['unit'],
                                     r['configuration']))
with open(sys.argv[2], 'w') as f:
    json.dump(records, f, indent=1)
if not records:
    sys.exit('bench: no measurement was produced (see %s)' % sys.argv[1])
PY
echo "$json"
