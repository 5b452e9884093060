#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Policy: stack and heap >= AE_STACK_MIN / AE_HEAP_MIN bits and the image
# base >= AE_BASE_MIN bits, as collision (Renyi-2) lower bounds at 99%
# (policy.bash).  hardened meets it with the boots `hardboot plan` asks
# for; aslr-off and aslr-8bit fail it, each for its own flaw and not for
# lack of boots.
load ../../test/test_helper
load policy

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	HARDENED=$(ae_run "$AE_INI" hardened)
	OFF=$(ae_run "$AE_INI" aslr-off)
	EIGHT=$(ae_run "$AE_INI" aslr-8bit)
	export HARDENED OFF EIGHT
}

region_json() { # DIR REGION JQ: a field of one region of the only section
	"$HB" entropy --json "${@:4}" "$1" |
		jq -r --arg r "$2" ".sections[0].regions[] | select(.region == \$r) | $3"
}

# False failure: each threshold fails a source with the bits hardened
# claims (28, 28, 20) with probability plan_risk (printed: 5.8e-6, 5.8e-6,
# 1.0e-5 at the default thresholds), and a false uniformity rejection,
# which would switch a headline to the weaker min-entropy bound, has
# probability <= AE_ALPHA = 1e-5 per region: <= 5.2e-5 in all.
@test "hardened: stack, heap and base meet the policy at 99% with the planned boots" {
	n=$(ae_boots hardened)
	run -0 "$HB" entropy "${AE_HARDENED_BITS[@]}" "$HARDENED"
	assert_line --regexp "^ok - hardened/stack: H2 >= [0-9.]+ bits \(99%, n=$n\) meets $AE_STACK_MIN bits$"
	assert_line --regexp "^ok - hardened/heap: H2 >= [0-9.]+ bits \(99%, n=$n\) meets $AE_HEAP_MIN bits$"
	assert_line --regexp "^ok - hardened/base: H2 >= [0-9.]+ bits \(99%, n=$n\) meets $AE_BASE_MIN bits$"
	assert_line "# 3 checks, 0 failed"
	while read -r r min truth; do
		echo "# $r >= $min bits: P(false failure | $truth real bits, n=$n) = $(plan_risk "$min" "$truth" "$n")" >&3
	done <<EOT
stack $AE_STACK_MIN $AE_TRUE_STACK
heap $AE_HEAP_MIN $AE_TRUE_HEAP
base $AE_BASE_MIN $AE_TRUE_BASE
EOT
	# No boot failed: a failed boot would be missing from the sample.
	run -0 jq -r '.sections[0].outcomes.pass == .sections[0].boots' "$HARDENED/run.json"
	assert_output true
}

@test "hardened: the boot count is the planned one, and more would show more" {
	n=$(ae_boots hardened)
	[ "$(jq -s 'length' "$HARDENED/boots.jsonl")" -eq "$n" ]
	# The bound is sample-limited, and says how many boots would show 28 bits.
	run -0 region_json "$HARDENED" stack '[.headline.sample_limited, .headline.to_show, .headline.needs_boots] | @tsv'
	assert_output "$(printf 'true\t28\t%s' "$("$HB" plan --bits 28 --json | jq -r .prove_boots)")"
	# Thresholds and counts are planned together: no count can keep a
	# 20-bit source from failing 20 bits.
	run -1 "$HB" plan --bits 20 --true 20
	assert_output --partial "no boot count keeps"
}

# Deterministic: aslr-off has one layout, so every estimate is exactly 0.
@test "aslr-off fails the policy: every region at 0 bits" {
	run -1 "$HB" entropy "${AE_HARDENED_BITS[@]}" "$OFF"
	for r in stack heap base; do
		assert_line --regexp "^not ok - aslr-off/$r: H2 >= 0.00 bits \(99%, n=[0-9]+\) is below [0-9]+ bits$"
	done
	run -0 bash -c "'$HB' entropy --json '$OFF' | jq -r '.sections[0].regions[]
		| select(.column | startswith(\"addr.\")) | [.region, .collision.estimate, .structure.varying] | @tsv'"
	assert_output "$(printf 'stack\t0\t0\nheap\t0\t0\nbase\t0\t0')"
}

# aslr-8bit: 256 equiprobable slots.  With the planned boots the estimate
# is within 8 +- 0.5 with probability >= 1 - 5e-5 (plan --confidence
# 0.99995), and its bound at 99.995% exceeds 8 with probability <= 5e-5:
# false failure <= 1e-4.  The policy fails on the base, with collisions
# seen (not sample-limited).
@test "aslr-8bit fails the policy: base collision estimate 8 +- 0.5, bound <= 8" {
	run -1 "$HB" entropy "${AE_HARDENED_BITS[@]}" "$EIGHT"
	assert_line --regexp "^not ok - aslr-8bit/base: H2 >= [0-9.]+ bits \(99%, n=[0-9]+\) is below $AE_BASE_MIN bits$"
	est=$(region_json "$EIGHT" base .collision.estimate --confidence 0.99995)
	lo=$(region_json "$EIGHT" base .collision.lower --confidence 0.99995)
	c=$(region_json "$EIGHT" base .collision.collisions --confidence 0.99995)
	echo "# aslr-8bit base: H2 = $est bits, >= $lo at 99.995%, $c colliding pairs" >&3
	awk -v e="$est" -v l="$lo" 'BEGIN { exit !(e >= 7.5 && e <= 8.5 && l <= 8) }'
	run -0 region_json "$EIGHT" base '[.structure.varying, .range.pow2] | @tsv'
	assert_output "$(printf '8\ttrue')"
}
