#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Not only the guest's word: every boot's layout is valid (canonical, no
# overlap, guard gaps), registers read from outside through QMP lie in the
# regions the guest reported, warm boots are cold boots in distribution,
# a weaker build compares "lower", and the foreign image, which speaks no
# protocol, is measured through patterns and its registers.
load ../../test/test_helper
load policy

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	HARDENED=$(ae_run "$AE_INI" hardened)
	COLD=$(ae_run "$AE_INI" hardened-cold)
	REGS=$(ae_run "$AE_INI" hardened-regs)
	FOREIGN=$(ae_run "$AE_INI" foreign)
	EIGHT=$(ae_run "$AE_INI" aslr-8bit)
	CORR=$(ae_run "$AE_INI" aslr-correlated)
	export HARDENED COLD REGS FOREIGN EIGHT CORR
}

# Deterministic: one invalid boot is a bug, whatever the seed.
@test "layout: every boot canonical, disjoint, with guard gaps" {
	for d in "$HARDENED" "$COLD" "$EIGHT" "$CORR"; do
		run -0 "$HB" entropy --layout "$d"
		assert_line --regexp "^ok - [a-z0-9-]+: layout valid in ([0-9]+) of \1 boots$"
	done
}

# Deterministic, as above.
@test "registers from outside: RSP in the stack, RIP in the image, every boot" {
	n=$(ae_boots hardened-regs)
	run -0 "$HB" entropy --layout "$REGS"
	assert_line "ok - hardened-regs: layout valid in $n of $n boots"
	run -0 bash -c "'$HB' entropy --json '$REGS' | jq -r '.sections[0].layout
		| [.anchor, .rsp_checked, .rsp_outside, .rip_checked, .rip_outside] | @tsv'"
	assert_output "$(printf 'start\t%s\t0\t%s\t0' "$n" "$n")"
	# CR3 is the page-table root, a physical address: constant.
	run -0 bash -c "'$HB' entropy --json '$REGS' | jq -r '.sections[0].regions[]
		| select(.region == \"regs.cr3\") | .structure.varying'"
	assert_output 0
}

# False failure: Holm over every region at family-wise alpha = 1e-4.
@test "warm and cold boots give the same distributions" {
	run -0 "$HB" entropy --compare --alpha 1e-4 "$COLD" "$HARDENED"
	refute_line --regexp ' (lower|higher|differs)$'
	assert_line --regexp '^stack .* same$'
	assert_line --regexp '^seed.7 .* same$'
}

# Power: 8-bit bases collide hundreds of times in the planned boots,
# hardened's 20-bit ones a few times: p < 1e-50.
@test "compare: aslr-8bit against hardened is lower on the base, exit 1" {
	run -1 "$HB" entropy --compare --alpha 1e-4 "$HARDENED" "$EIGHT"
	assert_line --regexp '^base .* lower$'
	refute_line --regexp '^(stack|heap|canary) .* (lower|higher)$'
	run -1 bash -c "set -o pipefail; '$HB' entropy --compare --json --alpha 1e-4 '$HARDENED' '$EIGHT' |
		jq -r '.comparisons[0].regions[] | select(.region == \"base\")
		| [.verdict, (.collision_p < 1e-10), (.difference < -10)] | @tsv'"
	assert_output "$(printf 'lower\ttrue\ttrue')"
}

# False failure: stack >= 8 bits of 28 and regs.rsp likewise with the
# planned cold boots: plan_risk ~0 (printed).  A pointer takes a few
# in-page offsets, so the fine slots are rejected and the headline is the
# page numbers' bound, unless their test rejects too: <= AE_ALPHA = 1e-5.
# Layout deterministic.
@test "foreign: measured through patterns and external samples" {
	n=$(ae_boots foreign)
	run -0 "$HB" entropy --alpha "$AE_ALPHA" --min "stack=$AE_FOREIGN_MIN" --min "regs.rsp=$AE_FOREIGN_MIN" \
		--min "base=$AE_FOREIGN_MIN" --layout "$FOREIGN"
	assert_line --regexp "^ok - foreign/stack: (H2|Hmin) >= [0-9.]+ bits \(99%, n=$n\) meets $AE_FOREIGN_MIN bits$"
	assert_line --regexp "^ok - foreign/regs.rsp: (H2|Hmin) >= [0-9.]+ bits \(99%, n=$n\) meets"
	assert_line "ok - foreign: layout valid in $n of $n boots"
	echo "# P(false failure) per threshold = $(plan_risk "$AE_FOREIGN_MIN" "$AE_TRUE_BASE" "$n")" >&3
	# Pointers from patterns: regions are taken as +- one extent around them.
	run -0 bash -c "'$HB' entropy --json '$FOREIGN' | jq -r '.sections[0].layout
		| [.anchor, .rsp_checked, .rip_checked, .rsp_outside, .rip_outside] | @tsv'"
	assert_output "$(printf 'within\t%s\t%s\t0\t0' "$n" "$n")"
}

@test "metric records: entropy --metrics appends them to the results' metrics.jsonl" {
	cp -r "$EIGHT" "$BATS_TEST_TMPDIR/r"
	before=$(wc -l <"$BATS_TEST_TMPDIR/r/metrics.jsonl")
	run -0 "$HB" entropy --metrics "$BATS_TEST_TMPDIR/r"
	run -0 jq -r 'select(.metric | startswith("entropy_")) | .schema' "$BATS_TEST_TMPDIR/r/metrics.jsonl"
	[ "$(sort -u <<<"$output")" = 1 ]
	[ "$(wc -l <"$BATS_TEST_TMPDIR/r/metrics.jsonl")" -gt "$((before + 20))" ]
	run -0 jq -r 'select(.metric == "entropy_headline_bits" and .subject == "aslr-8bit/base")
		| [.unit, .better, .confidence, (.value < 8.01), .test] | @tsv' \
		"$BATS_TEST_TMPDIR/r/metrics.jsonl"
	assert_output "$(printf 'bits\thigher\t0.99\ttrue\tcollision (Renyi-2) lower bound')"
}
