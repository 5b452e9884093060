#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Layout and registers, behind the layout verdicts (aslr_entropy.bats):
# every boot canonical, disjoint, with guard gaps; registers read from
# outside inside the regions; warm boots distributed like cold ones; an
# image measured through patterns.
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || return 0
	D=$(suite_result aslr_entropy) || return 1
	export D
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

boots_of() { # SECTION: its boot count
	jq -r --arg s "$1" '.sections[] | select(.name == $s) | .boots' "$D/run.json"
}

@test "layout: every boot canonical, disjoint, with guard gaps, in every section" {
	for s in hardened hardened-cold hardened-regs foreign aslr-8bit aslr-correlated; do
		n=$(boots_of "$s")
		run verdict "$D" "$s" layout
		assert_output pass
		run jq -r --arg s "$s" 'select(.metric == "policy_verdict" and .section == $s and
			.policy == "layout") | .text' "$D/metrics.jsonl"
		assert_output "$s: layout valid in $n of $n boots"
	done
}

@test "registers from outside: RSP in the stack, RIP in the image, every boot" {
	n=$(boots_of hardened-regs)
	run -0 bash -c "'$HB' entropy --json --section hardened-regs '$D' | jq -r '.sections[0].layout
		| [.anchor, .rsp_checked, .rsp_outside, .rip_checked, .rip_outside] | @tsv'"
	assert_output "$(printf 'start\t%s\t0\t%s\t0' "$n" "$n")"
	run -0 bash -c "'$HB' entropy --json --section hardened-regs '$D' | jq -r '.sections[0].regions[]
		| select(.region == \"regs.cr3\") | .structure.varying'"
	assert_output 0
}

# Tests at alpha 1e-4 per region: a false "differs" has probability <= 1e-4.
@test "warm and cold boots give the same distributions" {
	run -0 "$HB" entropy --compare --alpha 1e-4 "$D:hardened-cold" "$D:hardened"
	refute_line --regexp ' (lower|higher|differs)$'
	assert_line --regexp '^stack .* same$'
	assert_line --regexp '^seed.7 .* same$'
}

@test "compare: aslr-8bit against hardened is lower on the base, exit 1" {
	run -1 "$HB" entropy --compare --alpha 1e-4 "$D:hardened" "$D:aslr-8bit"
	assert_line --regexp '^base .* lower$'
	refute_line --regexp '^(stack|heap|canary) .* (lower|higher)$'
	# hardened's base has no colliding pair (H2 infinite): the pair counts
	# still bound how much lower aslr-8bit is, finitely
	assert_line --regexp '^base: B is at least [0-9]+\.[0-9]+ bits lower than A '
	run -1 bash -c "set -o pipefail; '$HB' entropy --compare --json --alpha 1e-4 '$D:hardened' '$D:aslr-8bit' |
		jq -r '.comparisons[0].regions[] | select(.region == \"base\")
		| [.verdict, (.collision_p < 1e-10), (.difference < -10), (.lower_by_at_least > 1),
		   (.difference_bound[1] < -1)] | @tsv'"
	assert_output "$(printf 'lower\ttrue\ttrue\ttrue\ttrue')"
}

# 8 bits of regions that have 20: plan --true 20 puts the false failure
# below 1e-6 at 80 boots.
@test "foreign: measured through patterns and registers from outside" {
	n=$(boots_of foreign)
	for r in stack heap base regs.rsp; do
		run verdict "$D" "foreign/$r" "min_bits.$r"
		assert_output pass
	done
	run -0 bash -c "'$HB' entropy --json --section foreign '$D' | jq -r '.sections[0].layout
		| [.anchor, .rsp_checked, .rip_checked, .rsp_outside, .rip_outside] | @tsv'"
	assert_output "$(printf 'within\t%s\t%s\t0\t0' "$n" "$n")"
}

@test "metric records: the suite states them with the run, entropy --metrics for any run" {
	run -0 jq -r 'select(.metric == "entropy_headline_bits" and .subject == "aslr-8bit/base")
		| [.unit, .better, .confidence, (.value < 8.01), .test, .stated_by] | @tsv' "$D/metrics.jsonl"
	assert_output "$(printf 'bits\thigher\t0.99\ttrue\tcollision (Renyi-2) lower bound\tsuite aslr_entropy')"
	"$HB" run -o "$BATS_TEST_TMPDIR/r" --boots 20 --mode warm --accel tcg aslr-8bit >/dev/null
	before=$(wc -l <"$BATS_TEST_TMPDIR/r/metrics.jsonl")
	run -0 "$HB" entropy --metrics "$BATS_TEST_TMPDIR/r/metrics.jsonl" "$BATS_TEST_TMPDIR/r"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/r/metrics.jsonl")" -gt "$((before + 20))" ]
}
