#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Warm against cold for an image made elsewhere (read through patterns, a
# QMP reset after its done line), in one run, on each machine type it
# boots on: the rate of hardboot run in each mode, their ratio, and what
# share of a warm boot is the firmware the reset re-runs: the median of
# reset -> first serial byte beyond microvm's (the same guest code, so
# the difference is SeaBIOS on q35 and pc against qboot on hardboot's
# microvm line), over the median warm boot (reset -> done).  MACHINES
# must start with microvm for that.
# Targets: warm >= 2 x cold on microvm (no firmware to speak of: QEMU's
# start is what warm saves); warm >= cold on q35 and pc (the firmware
# dominates, so warm cannot gain much, but must not lose).  Exits 1 on a
# miss.
#
# usage: bench/pattern_warm.sh [IMAGE] ; env COLD=N WARM=N JOBS=N
#        ACCEL=tcg|kvm|auto MACHINES="microvm q35 pc"
set -u
cd "$(dirname "$0")/.." || exit 2
HB=${HB:-build/hardboot}
IMAGE=${1:-foreign}
COLD=${COLD:-20}
WARM=${WARM:-60}
JOBS=${JOBS:-2}
ACCEL=${ACCEL:-tcg}
MACHINES=${MACHINES:-microvm q35 pc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.2f", n / (b - a) }'; }
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", x / y }'; }
ge() { awk -v x="$1" -v y="$2" 'BEGIN { exit !(x >= y) }'; }
# median of one host_ns field over a run's passing boots, in ms
median_ms() {
	jq -r "select(.outcome == \"pass\") | .host_ns.$2 // empty" "$1/boots.jsonl" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR) printf "%.1f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1e6; else print "nan" }'
}

# one mode on one machine: prints the rate; the run stays in $tmp/$1-$2
run_mode() { # machine mode boots
	printf '[%s]\nimage = %s\nmachine = %s\nmode = %s\ntimeout = 30\n' \
		"$1" "$IMAGE" "$1" "$2" >"$tmp/$1-$2.ini"
	local t0 t1
	t0=$(now)
	"$HB" run -o "$tmp/$1-$2" -j "$JOBS" --boots "$3" --accel "$ACCEL" --no-progress \
		"$tmp/$1-$2.ini" >"$tmp/$1-$2.tap" 2>&1
	t1=$(now)
	[ "$(jq -r .totals.not_passed "$tmp/$1-$2/run.json" 2>/dev/null)" = 0 ] ||
		echo "bench: $1 $2: boots did not pass ($(grep -m1 '^# .*boot' "$tmp/$1-$2.tap"))" >&2
	rate "$3" "$t0" "$t1"
}

echo "image $IMAGE, accel $ACCEL, $JOBS jobs, $(nproc) CPUs; $COLD cold and $WARM warm boots per machine"
printf '%-8s %10s %10s %6s %12s %12s %9s\n' machine "cold b/s" "warm b/s" ratio "1st byte ms" "warm ms" "fw share"
miss=0
base=
for m in $MACHINES; do
	cold=$(run_mode "$m" cold "$COLD")
	warm=$(run_mode "$m" warm "$WARM")
	r=$(ratio "$warm" "$cold")
	fw=$(median_ms "$tmp/$m-warm" first_byte)
	end=$(median_ms "$tmp/$m-warm" "done")
	[ -n "$base" ] || base=$fw
	share=$(awk -v f="$fw" -v b="$base" -v e="$end" 'BEGIN { printf "%.0f%%", 100 * (f - b) / e }')
	printf '%-8s %10s %10s %6s %14s %12s %9s\n' "$m" "$cold" "$warm" "$r" "$fw" "$end" "$share"
	if [ "$m" = microvm ]; then
		ge "$r" 2 || { echo "MISS: $m warm/cold $r < 2"; miss=1; }
	else
		ge "$r" 1 || { echo "MISS: $m warm/cold $r < 1"; miss=1; }
		ge "$(awk -v f="$fw" -v b="$base" -v e="$end" 'BEGIN { print (f - b) / e }')" 0.5 &&
			echo "  $m: the firmware a reset re-runs is $share of a warm boot: it dominates"
	fi
done
exit "$miss"
