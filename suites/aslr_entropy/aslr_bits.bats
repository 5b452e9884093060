#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The numbers behind the bit verdicts (aslr_entropy.bats): what the
# collision bound shows for hardened and aslr-8bit, and what more boots
# would show.  Same suite run, read back with `hardboot entropy`.
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || return 0
	D=$(suite_result aslr_entropy) || return 1
	export D
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

region_json() { # SECTION REGION JQ [entropy options]: a field of one region
	"$HB" entropy --json --section "$1" "${@:4}" "$D" |
		jq -r --arg r "$2" ".sections[0].regions[] | select(.region == \$r) | $3"
}

@test "hardened: the bound is sample-limited and says how many boots would show 28 bits" {
	run -0 region_json hardened stack '[.headline.sample_limited, .headline.to_show, .headline.needs_boots] | @tsv'
	assert_output "$(printf 'true\t28\t%s' "$("$HB" plan --bits 28 --json | jq -r .prove_boots)")"
	# Thresholds and counts are planned together: no count can keep a
	# 20-bit source from failing 20 bits.
	run -1 "$HB" plan --bits 20 --true 20
	assert_output --partial "no boot count keeps"
}

# Deterministic: aslr-off has one layout, so every estimate is exactly 0.
@test "aslr-off: every region at exactly 0 bits" {
	run -0 bash -c "'$HB' entropy --json --section aslr-off '$D' | jq -r '.sections[0].regions[]
		| select(.column | startswith(\"addr.\")) | [.region, .collision.estimate, .structure.varying] | @tsv'"
	assert_output "$(printf 'stack\t0\t0\nheap\t0\t0\nbase\t0\t0')"
}

# aslr-8bit: 256 equiprobable slots.  With its 289 boots the estimate is
# within 8 +- 0.5 with probability >= 1 - 5e-5 (plan --confidence
# 0.99995), and its bound at 99.995% exceeds 8 with probability <= 5e-5:
# false failure <= 1e-4.  Collisions seen: a failure, not a sample limit.
@test "aslr-8bit: base collision estimate 8 +- 0.5, bound <= 8, 8 varying bits" {
	est=$(region_json aslr-8bit base .collision.estimate --confidence 0.99995)
	lo=$(region_json aslr-8bit base .collision.lower --confidence 0.99995)
	c=$(region_json aslr-8bit base .collision.collisions --confidence 0.99995)
	echo "# aslr-8bit base: H2 = $est bits, >= $lo at 99.995%, $c colliding pairs" >&3
	awk -v e="$est" -v l="$lo" 'BEGIN { exit !(e >= 7.5 && e <= 8.5 && l <= 8) }'
	run -0 region_json aslr-8bit base '[.structure.varying, .range.pow2] | @tsv'
	assert_output "$(printf '8\ttrue')"
}
