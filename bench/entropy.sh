#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Entropy estimators: targets of suites/aslr_entropy/README.md, each printed with its
# ratio; exits 1 when one is missed.
#   (a) coverage: over 200 synthetic trials per k = 4..32 bits, every 99%
#       bound covers the truth >= 97% of the time (bench/entropy_coverage.c)
#   (b) speed: all estimators for 100,000 boots in < 1 s of CPU, against a
#       sort of every column in the same run (bench/entropy_speed.c)
#   (c) hardened proves the aslr_entropy thresholds (stack, heap >= 20,
#       base >= 16 bits at 99%) with the boots `hardboot plan` asks for, in
#       < 30 s under TCG in warm mode, boots and estimate included
#
# usage: bench/entropy.sh ; env TRIALS=N (per k) JOBS=N ACCEL=tcg SKIP_BOOTS=1
#        SKIP_COVERAGE=1
set -u
cd "$(dirname "$0")/.." || exit 2
HB=${HB:-build/hardboot}
TRIALS=${TRIALS:-200}
JOBS=${JOBS:-2}
ACCEL=${ACCEL:-tcg}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s runner bench-build || exit 2
rc=0

echo "== (a) coverage"
if [ "${SKIP_COVERAGE:-0}" = 1 ]; then
	echo "skipped (SKIP_COVERAGE=1)"
else
	build/bench/entropy_coverage "$TRIALS" || rc=1
fi

echo "== (b) speed"
build/bench/entropy_speed 100000 1.0 || rc=1

echo "== (c) hardened proves its thresholds"
if [ "${SKIP_BOOTS:-0}" = 1 ]; then
	echo "skipped (SKIP_BOOTS=1)"
	exit "$rc"
fi
n=$(for t in "20 28" "16 20"; do
	# shellcheck disable=SC2086 # two numbers
	set -- $t
	"$HB" plan --bits "$1" --true "$2" --risk 2.5e-5 --json | jq -r .true_boots
done | sort -n | tail -1)
# Baseline in the same run: plain QEMU resetting the same image by itself
# (the runner's exact warm line, serial to a file) for 5 s: how fast this
# machine boots it right now, whatever else it is doing.
"$HB" run -o "$tmp/probe" --boots 1 --accel "$ACCEL" --mode warm --no-progress \
	hardened >/dev/null 2>&1 || { echo "bench: $HB run hardened failed" >&2; exit 2; }
warm_cmd=$(jq -r '.sections[0].qemu_cmdline' "$tmp/probe/run.json")
for j in $(seq "$JOBS"); do
	eval "timeout 5 ${warm_cmd/-serial stdio/-serial file:$tmp/plain$j.log}" \
		>/dev/null 2>&1 </dev/null &
done
wait
plain=$(cat "$tmp"/plain*.log | grep -c '^HB1 done st=pass')
awk -v p="$plain" -v n="$n" 'BEGIN { if (p > 0) printf "baseline: plain QEMU self-reset %.0f boots/s: %d boots would take %.1f s\n", p / 5, n, n / (p / 5); else print "baseline: plain QEMU booted nothing in 5 s" }'
t0=$(date +%s.%N)
"$HB" run -o "$tmp/h" --boots "$n" -j "$JOBS" --accel "$ACCEL" --mode warm \
	--no-progress --no-console hardened >"$tmp/tap" 2>&1 || { cat "$tmp/tap"; rc=1; }
t1=$(date +%s.%N)
"$HB" entropy --min stack=20 --min heap=20 --min base=16 "$tmp/h" >"$tmp/checks" ||
	{ cat "$tmp/checks"; rc=1; }
t2=$(date +%s.%N)
awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" -v j="$JOBS" -v acc="$ACCEL" -v p="$plain" 'BEGIN {
	printf "%d warm boots (%s, %d jobs) in %.1f s = %.0f boots/s, estimators %.2f s: ", n, acc, j, b - a, n / (b - a), c - b
	printf "%.1f s of the 30 s target, ratio %.2f; runner/plain QEMU rate %.2f\n", c - a, (c - a) / 30, (p > 0 ? (n / (b - a)) / (p / 5) : 0)
	exit !((c - a) < 30) }' || rc=1
grep -E '^(ok|not ok) ' "$tmp/checks"
[ "$rc" -eq 0 ] && echo "ok: all entropy targets met" || echo "MISS: see above"
exit "$rc"
