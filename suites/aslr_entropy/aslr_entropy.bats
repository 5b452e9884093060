#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The aslr_entropy suite as users run it: `hardboot suite aslr_entropy`
# boots aslr_entropy.ini (hardened with the boots its policy needs, the
# twins with what shows their flaws) and judges them against its [policy].
# hardened passes every policy; each twin fails exactly the policies its
# section expects and no other.
#
# False failure of hardened (policy: risk = 2.5e-5 per threshold, alpha =
# 1e-5 per region for the uniformity test that picks the headline kind,
# uniform_alpha = 1e-4 for the uniformity policy): the boot count is the
# one `hardboot plan --true` gives for the image's claimed bits (28, 28, 20
# for stack, heap, base; 56 for the canary, 32 per seed word), so each of
# its 13 thresholds fails a source with those bits with probability <=
# 2.5e-5 (at 4200 boots: 5.8e-6 for 20 of 28 bits), the uniformity policy
# <= 1e-4 over its three regions, and a quality bit of 56 balanced ones
# looks weak at 4200 boots with probability ~1e-84: in all <= 1e-4 plus
# the plan's 13 x 5.8e-6, i.e. <= 1.8e-4 per run, which every test of this
# file shares (one run).  The twins' flaws are deterministic or far
# beyond chance (aslr-8bit's base: ~160 colliding pairs where 20 bits
# would give ~0.04).
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || return 0
	D=$(suite_result aslr_entropy) || return 1
	export D
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

@test "aslr_entropy: every expectation met, exit 0; TAP carries the numbers" {
	[ "$(cat "$HB_SUITE_OUT/aslr_entropy.rc")" -eq 0 ]
	# not ok only as TODO (not proven): nothing failed
	run bash -c "grep -E '^not ok' '$HB_SUITE_OUT/aslr_entropy.tap' | grep -vc '# TODO not proven'"
	assert_output 0
	run cat "$HB_SUITE_OUT/aslr_entropy.tap"
	assert_line --regexp '^ok [0-9]+ - hardened/stack: H2 >= [0-9.]+ bits \(99%, n=4200\) meets 20 bits$'
	assert_line --regexp '^ok [0-9]+ - aslr-8bit/base: H2 >= [0-9.]+ bits \(99%, n=289\) is below 16 bits \(fails min_bits.base as expected\)$'
	assert_line --regexp '^1\.\.[0-9]+$'
}

@test "aslr_entropy: hardened passes every policy with the boots plan asks for" {
	run verdicts_of "$D" hardened
	assert_output ""
	n=$("$HB" plan --bits 20 --true 28 --risk 2.5e-5 --json | jq -r .true_boots)
	run jq -r '.sections[] | select(.name == "hardened") | .boots' "$D/run.json"
	assert_output "$n"
	# every policy was judged on it
	run jq -r 'select(.metric == "policy_verdict" and .section == "hardened") | .policy' "$D/metrics.jsonl"
	for p in boots min_bits.stack min_bits.heap min_bits.base min_bits.canary min_bits.seed.7 \
		quality.canary uniform no_leak layout; do
		assert_line "$p"
	done
}

# twin: the verdicts that are not a pass (policy, subject, verdict) and
# that are not "not proven" (too few boots to prove the other thresholds).
twin() {
	verdicts_of "$D" "$1" | grep -v ' not proven$' | grep -v ' skip$'
}

@test "aslr_entropy: each twin fails exactly the policy it breaks and no other" {
	run twin aslr-off
	assert_output "$(printf '%s fail expected\n' 'min_bits.base aslr-off/base' \
		'min_bits.heap aslr-off/heap' 'min_bits.stack aslr-off/stack')"
	run twin aslr-8bit
	assert_output "min_bits.base aslr-8bit/base fail expected"
	run twin aslr-biased
	assert_output "$(printf '%s fail expected\n' 'min_bits.base aslr-biased/base' \
		'min_bits.heap aslr-biased/heap' 'min_bits.stack aslr-biased/stack' \
		'uniform aslr-biased/base' 'uniform aslr-biased/heap' 'uniform aslr-biased/stack')"
	run twin aslr-correlated
	assert_output "no_leak aslr-correlated/stack-heap fail expected"
	run twin canary-const
	assert_output "$(printf '%s fail expected\n' 'min_bits.canary canary-const/canary' \
		'quality.canary canary-const/canary')"
	run twin rng-halfseed
	assert_output "$(for w in 2 3 4 5 6 7; do echo "min_bits.seed.$w rng-halfseed/seed.$w fail expected"; done)"
}

@test "aslr_entropy: too few boots is 'not proven' with the boots it needs, never a failure" {
	run grep -E '^not ok [0-9]+ - hardened-cold: 13 checks not proven' "$HB_SUITE_OUT/aslr_entropy.tap"
	assert_output --regexp '# TODO not proven: needs up to 3109 boots$'
	run verdict "$D" hardened-cold/stack min_bits.stack
	assert_output "not proven"
	run jq -r 'select(.metric == "policy_verdict" and .subject == "hardened-cold/stack" and
		.policy == "min_bits.stack") |
		[.why, .needs_boots] | @tsv' "$D/metrics.jsonl"
	assert_output "$(printf 'needs 3109 boots to prove 20 bits (has 40)\t3109')"
}

@test "aslr_entropy: a twin that stops failing, or fails another policy, fails the suite" {
	cat >"$BATS_TEST_TMPDIR/x.ini" <<-EOT
	[suite]
	name = x
	kind = aslr_entropy
	[policy]
	min_bits.stack = 8
	min_bits.base = 12
	[defaults]
	mode = warm
	boots = 150
	# hardened is expected to leak, and aslr-8bit is not expected to fail
	[hardened]
	image = hardened
	expect = pass policy:no_leak
	[aslr-8bit]
	image = aslr-8bit
	EOT
	run -1 "$HB" suite -o "$BATS_TEST_TMPDIR/o" --accel tcg --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/x.ini"
	assert_line --regexp '^not ok [0-9]+ - aslr-8bit/base: H2 >= [0-9.]+ bits \(99%, n=150\) is below 12 bits$'
	assert_line --regexp '^not ok [0-9]+ - hardened: expected to fail no_leak \(pass policy:no_leak\), it was not judged$'
	assert_line --regexp '^ok [0-9]+ - hardened/stack: H2 >= [0-9.]+ bits \(99%, n=150\) meets 8 bits$'
}

@test "aslr_entropy: policy keys and values are checked, the file and key named" {
	printf '[suite]\nkind = aslr_entropy\n[policy]\nmin_bit.stack = 8\n[a]\nimage = hardened\n' >"$BATS_TEST_TMPDIR/k.ini"
	run -2 "$HB" suite -o "$BATS_TEST_TMPDIR/o" --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/k.ini"
	assert_output --partial "$BATS_TEST_TMPDIR/k.ini: [policy] unknown policy key 'min_bit.stack' (known: confidence, risk"
	printf '[suite]\nkind = aslr_entropy\n[policy]\nmin_bits.stack = 80\n[a]\nimage = hardened\n' >"$BATS_TEST_TMPDIR/k.ini"
	run -2 "$HB" suite -o "$BATS_TEST_TMPDIR/o" --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/k.ini"
	assert_output --partial "[policy] key 'min_bits.stack': '80' is not bits in [0, 64]"
	printf '[suite]\nkind = aslr_entropy\n[a]\nimage = hardened\nexpect = pass policy:min_byts.stack\n' >"$BATS_TEST_TMPDIR/k.ini"
	run -2 "$HB" suite -o "$BATS_TEST_TMPDIR/o" --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/k.ini"
	assert_output --partial "[a] key 'expect': policy:min_byts.stack is not a policy of suite aslr_entropy"
	run -2 "$HB" suite nosuchsuite
	assert_output --partial "no suite 'nosuchsuite' (suites: aslr_entropy, rng_quality, cet, boottime, all, or a suite file)"
}

@test "aslr_entropy: an image made elsewhere goes through the same policy" {
	run -1 "$HB" suite aslr_entropy -o "$BATS_TEST_TMPDIR/o" --accel tcg --boots 289 \
		"$HB_IMAGES/aslr-8bit.elf"
	assert_line --regexp '^ok [0-9]+ - aslr-8bit: 289/289 boots passed$'
	assert_line --regexp '^not ok [0-9]+ - aslr-8bit/base: H2 >= [0-9.]+ bits \(99%, n=289\) is below 16 bits$'
	assert_line --regexp '^ok [0-9]+ - aslr-8bit: layout valid in 289 of 289 boots$'
}

@test "aslr_entropy: the same plan reuses its boots; another plan is refused, not overwritten" {
	cp -r "$D" "$BATS_TEST_TMPDIR/aslr_entropy"
	run -0 "$HB" suite aslr_entropy -o "$BATS_TEST_TMPDIR"
	assert_line --regexp "^# aslr_entropy: boots reused from $BATS_TEST_TMPDIR/aslr_entropy$"
	run -2 "$HB" suite aslr_entropy --boots 10 -o "$BATS_TEST_TMPDIR"
	assert_output --partial "$BATS_TEST_TMPDIR/aslr_entropy holds boots of another plan"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/aslr_entropy/boots.jsonl")" -eq "$(wc -l <"$D/boots.jsonl")" ]
}
