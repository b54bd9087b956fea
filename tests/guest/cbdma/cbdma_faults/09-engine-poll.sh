# The model's engine thread keeps polling for doorbells for poll-us after
# its last work, so that a doorbell soon after finds it awake and wakes no
# host thread; with poll-us=0 it sleeps after every piece of work. Its
# sleeps are counted in the stats ("engine: sleeps=N"); poll-us is set at
# run time and bounded.
. $(dirname $0)/lib.inc
sleeps() {
	qmp qom-get $DEV stats | tr '|' '\n' |
		sed -n 's/.*engine: sleeps=\([0-9]*\).*/\1/p'
}
doorbells() {
	qmp qom-get $DEV stats | tr '|' '\n' | grep 'chan1:' | tr ' ' '\n' |
		sed -n 's/^doorbells=//p'
}
# four runs of two doorbells each: the warm-up copy (polled to completion
# with a spin) and, right after, the timed copy
four_runs() {
	for i in 1 2 3 4; do
		expect_client "ok *verify=ok*" memcpy chan=$CH len=64 poll \
			settle_ms=1 warm
	done
}

qmp_ok qom-set $DEV poll-us 0
s0=$(sleeps) d0=$(doorbells)
four_runs
s1=$(sleeps) d1=$(doorbells)
echo "poll-us=0: sleeps $s0 -> $s1, doorbells $d0 -> $d1"
[ -n "$s0" ] && [ -n "$d0" ] || fail "no engine sleeps or doorbells in the stats"
[ $((d1 - d0)) -eq 8 ] || fail "doorbells $d0 -> $d1, expected +8"
[ $((s1 - s0)) -ge 8 ] ||
	fail "poll-us=0: the engine slept $((s1 - s0)) times for 8 doorbells"

qmp_ok qom-set $DEV poll-us 10000
s0=$(sleeps) d0=$(doorbells)
four_runs
s1=$(sleeps) d1=$(doorbells)
echo "poll-us=10000: sleeps $s0 -> $s1, doorbells $d0 -> $d1"
[ $((s1 - s0)) -le 4 ] ||
	fail "poll-us=10000: the engine slept $((s1 - s0)) times for 8 doorbells in 4 pairs"

r=$(qmp qom-set $DEV poll-us 10001)
echo "poll-us=10001 -> $r"
case $r in ok*) fail "poll-us=10001 accepted" ;; esac
[ "$(qmp qom-get $DEV poll-us)" = "ok 10000" ] ||
	fail "a refused poll-us changed the value: $(qmp qom-get $DEV poll-us)"
qmp_ok qom-set $DEV poll-us 1000
