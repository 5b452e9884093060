#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Policy: no region leaks another.  For every pair the difference A - B is
# taken per boot; a pair is flagged when the upper bound of H2(A - B) is
# below the lower bounds of both regions.  aslr-correlated puts the heap at
# a fixed offset from the stack: one leak gives both.
load ../../test/test_helper
load policy

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	HARDENED=$(ae_run "$AE_INI" hardened)
	CORR=$(ae_run "$AE_INI" aslr-correlated)
	export HARDENED CORR
}

# False failure: a flag needs >= 12 colliding pairs among the differences
# of two independent 28-bit (or wider) regions over the planned boots,
# expected 0.016: probability < 1e-30.  The effective-bits thresholds are
# the ones of aslr_bits.bats and canary.bats, each failing with plan_risk
# (<= 1.1e-5) plus a false uniformity rejection (<= AE_ALPHA = 1e-5):
# < 8.5e-5 for the four.
@test "hardened: no pair leaks; effective bits still meet the policy" {
	run -0 "$HB" entropy --no-leak "$HARDENED"
	assert_line --regexp "^ok - hardened: no pair of 6 leaks another$"
	run -0 bash -c "'$HB' entropy --alpha $AE_ALPHA --json '$HARDENED' | jq -r '.sections[0].regions[]
		| select(.effective != null) | [.region, .effective] | @tsv'"
	# the four policy regions, each once: an empty or renamed list fails
	[ "$(cut -f1 <<<"$output" | sort | tr '\n' ' ')" = "base canary heap stack " ]
	while read -r r eff; do
		case "$r" in
		stack) min=$AE_STACK_MIN ;;
		heap) min=$AE_HEAP_MIN ;;
		base) min=$AE_BASE_MIN ;;
		canary) min=$AE_CANARY_MIN ;;
		*) false ;;
		esac
		echo "# $r: $eff effective bits (>= $min)" >&3
		awk -v e="$eff" -v m="$min" 'BEGIN { exit !(e >= m) }'
	done <<<"$output"
}

@test "aslr-correlated fails it: heap - stack flagged, heap has 0 effective bits" {
	run -1 "$HB" entropy --no-leak "$CORR"
	assert_line --regexp "^not ok - aslr-correlated: stack - heap has H2 <= 0.[0-9]+ bits .*: one leaks the other$"
	run -0 bash -c "'$HB' entropy --json '$CORR' | jq -r '.sections[0].regions[]
		| select(.region == \"heap\") | [.effective, .leaked_by, (.headline.bits > 8)] | @tsv'"
	assert_output "$(printf '0\tstack\ttrue')"
}
