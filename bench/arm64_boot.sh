#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# arm64 boot times, measured in one go against their baselines:
#   (v) qemu-system-aarch64 -version, the floor of any QEMU start
#   (a) plain QEMU on exactly the cold line the runner records (run.json)
#   (b) hardboot run, cold, the same image and parallelism
#   (w) hardboot run, warm (PSCI reset)
# Prints each rate and the ratios a/v (what the boot costs over starting
# QEMU) and b/a (the runner's overhead).  Target: b >= 0.9 a.  Exits 1 on a
# miss, 2 when something could not run.
#
# usage: bench/arm64_boot.sh [IMAGE] ; env N=boots JOBS=parallel
set -u
cd "$(dirname "$0")/.." || exit 2
HB=${HB:-build/hardboot}
IMAGE=${1:-arm64-hardened}
N=${N:-40}
JOBS=${JOBS:-2}
QEMU=${QEMU:-qemu-system-aarch64}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.2f", n / (b - a) }'; }
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.3f", x / y }'; }
ge() { awk -v x="$1" -v y="$2" 'BEGIN { exit !(x >= y) }'; }

"$HB" run -o "$tmp/probe" --boots 1 --accel tcg --no-progress "$IMAGE" >/dev/null ||
	{ echo "bench: $HB run $IMAGE failed" >&2; exit 2; }
cold_cmd=$(jq -r '.sections[0].qemu_cmdline' "$tmp/probe/run.json")
echo "image $IMAGE, tcg, $N boots, $JOBS jobs, $(nproc) CPUs; $($QEMU -version | head -1)"
echo "cold line: $cold_cmd"

t0=$(now)
seq "$N" | xargs -P "$JOBS" -I{} sh -c "$QEMU -version >/dev/null 2>&1"
t1=$(now)
v=$(rate "$N" "$t0" "$t1")

t0=$(now)
seq "$N" | xargs -P "$JOBS" -I{} sh -c "$cold_cmd >/dev/null 2>&1 </dev/null"
t1=$(now)
a=$(rate "$N" "$t0" "$t1")

t0=$(now)
"$HB" run -o "$tmp/b" -j "$JOBS" --boots "$N" --accel tcg --no-progress "$IMAGE" >/dev/null 2>&1
t1=$(now)
b=$(rate "$N" "$t0" "$t1")
[ "$(jq -r .totals.not_passed "$tmp/b/run.json")" = 0 ] ||
	{ echo "bench: (b) had failing boots" >&2; exit 2; }

t0=$(now)
"$HB" run -o "$tmp/w" -j "$JOBS" --boots "$N" --mode warm --accel tcg --no-progress "$IMAGE" >/dev/null 2>&1
t1=$(now)
w=$(rate "$N" "$t0" "$t1")

echo "(v) $QEMU -version: $v /s"
echo "(a) plain QEMU cold: $a boots/s  (a/v $(ratio "$a" "$v"))"
echo "(b) hardboot cold:   $b boots/s  (b/a $(ratio "$b" "$a"), target >= 0.9)"
echo "(w) hardboot warm:   $w boots/s  (w/b $(ratio "$w" "$b"))"
ge "$(ratio "$b" "$a")" 0.9 || { echo "bench: MISS: runner cold below 0.9 of plain QEMU"; exit 1; }
echo "bench: ok"
