#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The nightly gate's false-alarm rate, measured: NIGHTS identical nights
# (the same revision, the same images) of ci/nightly.sh at the quick
# setting (--quick: 100 boots a section; the in-run A/B of hardened and
# baseline at 120 boots a side), one after another into one fresh root.
# The first night is the base; every later night that fails (exit 1) is a
# false alarm, and the reasons are printed.  Prints the measured rate with
# its Clopper-Pearson 95% interval (runner/stats, build/bench/alarm_rate)
# and exits 1 when it is inconsistent with the family-wise alpha stated
# per night (docs/nightly.md: compare's --alpha, 0.01, plus the A/B's
# 1.7e-5 per image), i.e. when the 99% interval's lower end lies above it.
# It also times every night and exits 1 when one took over 15 minutes.
#
# usage: bench/nightly_noise.sh [NIGHTS]   (default 20; slow: ~NIGHTS x
#        the time of one quick night, printed after the first)
# env: HB, HB_IMAGES, HB_JOBS as for ci/nightly.sh; NOISE_ROOT (default a
#      new directory under /tmp, kept); NOISE_ARGS (more ci/nightly.sh
#      options, e.g. "--suite suites/main.ini")
set -u
cd "$(dirname "$0")/.." || exit 2
nights=${1:-20}
case "$nights" in '' | *[!0-9]*) echo "usage: bench/nightly_noise.sh [NIGHTS]" >&2; exit 2 ;; esac
[ "$nights" -ge 1 ] || { echo "bench: NIGHTS must be at least 1" >&2; exit 2; }
alpha=0.01
budget=900 # seconds: one whole night, the A/B included, on 2 cores
make -s bench-build >/dev/null || { echo "bench: make bench-build failed" >&2; exit 2; }
root=${NOISE_ROOT:-$(mktemp -d /tmp/nightly-noise.XXXXXX)}
log=$root/noise.log
mkdir -p "$root" || exit 2
# shellcheck disable=SC2206 # options as words
extra=(${NOISE_ARGS:-})

# night I: run one, print "I EXIT SECONDS"
night() {
	local t0 rc
	t0=$(date +%s)
	ci/nightly.sh --quick --alpha "$alpha" --root "$root" "${extra[@]}" >>"$log" 2>&1
	rc=$?
	echo "$1 $rc $(($(date +%s) - t0))"
}

echo "bench: $nights identical nights after a base night, --quick, root $root (log $log)"
alarms=0
slow=0
worst=0
for ((i = 0; i <= nights; i++)); do
	[ "$i" -gt 0 ] && sleep 1 # a new UTC stamp
	read -r _ rc secs < <(night "$i")
	[ "$secs" -gt "$worst" ] && worst=$secs
	[ "$secs" -gt "$budget" ] && slow=$((slow + 1))
	case "$rc" in
	0) what="silent" ;;
	1)
		what="FALSE ALARM"
		[ "$i" -gt 0 ] && alarms=$((alarms + 1))
		;;
	*)
		echo "bench: night $i exited $rc (not a verdict): see $log" >&2
		exit 2
		;;
	esac
	[ "$i" -eq 0 ] && what="base"
	printf 'night %2d: %-11s %4d s\n' "$i" "$what" "$secs"
	if [ "$rc" -eq 1 ]; then
		# the reasons, as the night logged them
		night_dir=$(find "$root" -mindepth 1 -maxdepth 1 -name '2*' | sort | tail -n 1)
		grep -E '^nightly:   ' "$log" | tail -n 20 | sed 's/^/          /'
		echo "          (night $night_dir)"
	fi
done
echo "bench: slowest night $worst s (budget $budget s, 2 cores shared with other work)"
build/bench/alarm_rate "$alarms" "$nights" "$alpha"
rc=$?
[ "$slow" -eq 0 ] || { echo "bench: $slow night(s) over $budget s"; rc=1; }
exit "$rc"
