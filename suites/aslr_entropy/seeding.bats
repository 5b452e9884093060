#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The seeding-path matrix (seeding.ini, a suite of kind aslr_entropy): the
# same image seeded from rdseed (rdrand present), rdrand only, or neither
# (TSC jitter).  Each row reports the source it used on every boot and
# gives stack, heap and canary >= 12 bits at 99%.  rdseed exists here only
# under KVM (TCG does not advertise it): without KVM that row is a SKIP
# with the runner's reason.
#
# False failure per row: three thresholds, each planned at risk 2.5e-5
# for the bits a hardware seed gives (28, 28, 56), plus a false uniformity
# rejection (alpha 1e-5 per region): <= 1e-4 per row.
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || return 0
	S=$(suite_result "$HB_ROOT/suites/aslr_entropy/seeding.ini") || return 1
	export S
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

# row SECTION SOURCE: every boot seeded from SOURCE; every verdict passes.
row() {
	local skip
	skip=$(jq -r --arg s "$1" '.sections[] | select(.name == $s) | .skip // empty' "$S/run.json")
	[ -z "$skip" ] || skip "$skip"
	# shellcheck disable=SC2016 # $s is jq's variable
	run -0 jq -r --arg s "$1" 'select(.section == $s) | .cpu.src' "$S/boots.jsonl"
	[ "$(sort -u <<<"$output")" = "$2" ]
	run verdicts_of "$S" "$1"
	assert_output ""
	run jq -r --arg s "$1" 'select(.metric == "policy_verdict" and .section == $s) | .policy' \
		"$S/metrics.jsonl"
	for p in boots min_bits.stack min_bits.heap min_bits.canary layout; do
		assert_line "$p"
	done
}

@test "seeding: the suite planned its boots and met every expectation" {
	[ "$(cat "$HB_SUITE_OUT/seeding.rc")" -eq 0 ]
	run grep -E '^# seeding \[seed-none\]: hardened, [0-9]+ boots \(planned: stack >= 12 bits of 28 real' \
		"$HB_SUITE_OUT/seeding.tap"
	assert_success
}

@test "seeding: rdseed and rdrand (KVM only)" {
	local skip
	skip=$(jq -r '.sections[] | select(.name == "seed-rdseed") | .skip // empty' "$S/run.json")
	[ -z "$skip" ] || skip "$skip"
	# A KVM host whose CPU lacks rdseed cannot show it to the guest.
	run -0 jq -r 'select(.section == "seed-rdseed") | .cpu.has | index("rdseed") != null' "$S/boots.jsonl"
	[ "$(sort -u <<<"$output")" = true ] || skip "this KVM host's CPU has no rdseed"
	row seed-rdseed rdseed
}

@test "seeding: rdrand only" {
	row seed-rdrand rdrand
}

@test "seeding: neither (TSC jitter fallback)" {
	row seed-none jitter
	# What the raw jitter words are worth here, for the record: the layout
	# comes from ChaCha20 keyed with them, so it can be uniform while they
	# are not.
	run -0 bash -c "'$HB' entropy --json --section seed-none '$S' | jq -r '.sections[0].regions[]
		| select(.region | startswith(\"seed.\")) | \"\\(.region) p=\\(.uniformity.p)\"' | tr '\n' ' '"
	echo "# jitter seed words, uniformity: $output" >&3
}
