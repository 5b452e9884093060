#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What looking from outside costs a boot, measured in one go against the
# same boots without it: cold boots of IMAGE with inspect = none (the
# baseline), regs and regs,pagetables, under TCG.  x86 reads registers
# through QMP's `info registers`; arm64 through QEMU's gdbstub (its target
# description, then each register), so the two are run side by side.
# Prints ms a boot and the ratio to the baseline.  Target: inspection at
# most TARGET x the baseline (default 3); exits 1 on a miss, 2 when
# something could not run.
#
# usage: bench/inspect_cost.sh [IMAGE...]  (default: hardened arm64-hardened)
#        env N=boots per configuration (60), JOBS (2), TARGET (3)
set -u
cd "$(dirname "$0")/.." || exit 2
HB=${HB:-build/hardboot}
N=${N:-60}
JOBS=${JOBS:-2}
TARGET=${TARGET:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ "$#" -gt 0 ] || set -- hardened arm64-hardened

now() { date +%s.%N; }
ms() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", (b - a) * 1000 / n }'; }

# boot IMAGE INSPECT: ms a boot
boot() {
	printf '[suite]\nname = inspect-cost\n[defaults]\naccel = tcg\nmode = cold\n' >"$tmp/s.ini"
	printf 'timeout = 20\nboots = %s\n[c]\nimage = %s\ninspect = %s\n' "$N" "$1" "$2" >>"$tmp/s.ini"
	rm -rf "$tmp/out"
	local t0 t1
	t0=$(now)
	"$HB" run --no-progress -j "$JOBS" -o "$tmp/out" "$tmp/s.ini" >/dev/null 2>&1 ||
		{ echo "bench: $1 inspect=$2 failed: $HB run -o $tmp/out $tmp/s.ini" >&2; exit 2; }
	t1=$(now)
	ms "$N" "$t0" "$t1"
}

echo "cold boots under TCG, $N a configuration, $JOBS jobs, $(nproc) CPUs"
rc=0
for img in "$@"; do
	base=$(boot "$img" none) || exit 2
	for insp in regs regs,pagetables; do
		t=$(boot "$img" "$insp") || exit 2
		r=$(awk -v a="$t" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
		ok=$(awk -v r="$r" -v t="$TARGET" 'BEGIN { print (r <= t) ? "ok" : "MISS" }')
		printf '%-16s inspect=%-16s %7s ms a boot, none %7s ms: x%s (target <= %s) %s\n' \
			"$img" "$insp" "$t" "$base" "$r" "$TARGET" "$ok"
		[ "$ok" = ok ] || rc=1
	done
done
exit "$rc"
