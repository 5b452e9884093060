#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The boot-time proof's timing bands, which a loaded host can move and so
# are measured here and not asserted by the tests (suites/boottime,
# test/compare.bats assert only what load cannot flip):
#   (1) slowboot's rng phase: the difference of minima against hardened
#       within +-5% of the spin it injects (manifest slow.cycles), the
#       median difference within [0.8, 2.5] x the spin, every other guest
#       phase moved by under a quarter of rng's difference
#   (2) the host TSC rate held through the run: |khz_end / khz - 1| < 1e-3
#   (3) cold mode: identical sections (hardened-again) "no change"
# (Boot times of two runs never gate hardboot compare: its boot-time
# verdicts come from in-run A/B records, test/compare_boottime.bats.)
# Prints each measured value and exits 1 when one is outside its band.
#
# usage: bench/boottime_proof.sh ; env ACCEL=tcg|kvm|auto (default tcg)
set -u
cd "$(dirname "$0")/.." || exit 2
HB=${HB:-build/hardboot}
IMAGES=${HB_IMAGES:-images/build}
ACCEL=${ACCEL:-tcg}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
check() { # NAME VALUE JQ_CONDITION(.)
	local ok
	ok=$(jq -n --argjson v "$2" "\$v | $3")
	printf '%-58s %14s  %s\n' "$1" "$2" "$([ "$ok" = true ] && echo ok || echo MISSED)"
	[ "$ok" = true ] || rc=1
}

"$HB" boottime --run suites/boottime/boottime.ini --accel "$ACCEL" --images "$IMAGES" \
	-o "$tmp/bt" --json >"$tmp/bt.json" 2>"$tmp/bt.err" ||
	{ cat "$tmp/bt.err" >&2; echo "bench: boottime --run failed" >&2; exit 2; }
J="$tmp/bt.json"
field() { jq -r --arg c "$1" --arg p "$2" ".comparisons[] | select(.config == \$c and .phase == \$p) | $3" "$J"; }
spin=$(jq -r '.images[] | select(.name == "slowboot") | .slow.cycles' "$IMAGES/manifest.json")
khz=$(jq -r '.configs[] | select(.name == "slowboot") | .tsc_khz' "$J")
echo "slowboot spins $spin TSC ticks ($ACCEL, TSC $khz kHz)"
check "(1) minimum difference / spin (band 0.95..1.05)" \
	"$(jq -n "$(field slowboot rng .min_diff) * $khz / 1000 / $spin")" '. >= 0.95 and . <= 1.05'
check "(1) median difference / spin (band 0.8..2.5)" \
	"$(jq -n "$(field slowboot rng .diff_ticks) / $spin")" '. >= 0.8 and . <= 2.5'
rng=$(field slowboot rng .pooled.diff)
for p in paging aslr main; do
	check "(1) $p difference / rng difference (< 0.25)" \
		"$(jq -n "$(field slowboot "$p" '(.pooled // .first).diff | fabs') / $rng")" '. < 0.25'
done
check "(2) host TSC rate drift |khz_end / khz - 1| (< 1e-3)" \
	"$(jq -r '.host_tsc | (.khz_end / .khz - 1) | fabs' "$J")" '. < 1e-3'

"$HB" boottime --run suites/boottime/cold.ini --accel "$ACCEL" --boots 20 --images "$IMAGES" \
	-o "$tmp/cold" --json >"$tmp/cold.json" 2>"$tmp/cold.err" ||
	{ cat "$tmp/cold.err" >&2; echo "bench: cold boottime --run failed" >&2; exit 2; }
n=$(jq -r '[.comparisons[] | select(.config == "hardened-again" and .verdict != "no change")] | length' "$tmp/cold.json")
check "(3) cold hardened-again phases not 'no change' (0)" "$n" '. == 0'

exit "$rc"
