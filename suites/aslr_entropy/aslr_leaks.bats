#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Leaks between regions, behind the no_leak verdicts (aslr_entropy.bats):
# hardened's effective bits (each region against every other) still meet
# its thresholds; aslr-correlated's heap has none once the stack is known.
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || return 0
	D=$(suite_result aslr_entropy) || return 1
	export D
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

# Same false-failure budget as the bit thresholds (aslr_entropy.bats).
@test "hardened: effective bits after the worst single leak still meet the thresholds" {
	run -0 bash -c "'$HB' entropy --alpha 1e-5 --json --section hardened '$D' | jq -r '.sections[0].regions[]
		| select(.effective != null) | [.region, .effective] | @tsv'"
	[ "$(cut -f1 <<<"$output" | sort | tr '\n' ' ')" = "base canary heap stack " ]
	while read -r r eff; do
		case "$r" in stack | heap | canary) min=20 ;; base) min=16 ;; esac
		echo "# $r: $eff effective bits (>= $min)" >&3
		awk -v e="$eff" -v m="$min" 'BEGIN { exit !(e >= m) }'
	done <<<"$output"
}

@test "aslr-correlated: heap - stack flagged, heap has 0 effective bits, its own bits intact" {
	run -0 bash -c "'$HB' entropy --json --section aslr-correlated '$D' | jq -r '.sections[0].regions[]
		| select(.region == \"heap\") | [.effective, .leaked_by, (.headline.bits > 8)] | @tsv'"
	assert_output "$(printf '0\tstack\ttrue')"
	run verdict "$D" aslr-correlated/stack-heap no_leak
	assert_output "fail expected"
}
