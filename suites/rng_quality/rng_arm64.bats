#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# rng_quality on the arm64 images (rng_arm64.ini): the suite as it is, on
# aarch64 guests.  Hardened seeds from RNDRRS before any C and is keyed
# differently on every boot; with RNDRRS and RNDR masked it falls back to
# counter jitter and still passes; the -seed twin (RNDR repeating on every
# cold boot) and the fixed-key twin fail exactly the policies they break.
# Slow tier: ~660 arm64 boots.  The thresholds are the suite's (a false
# failure per verdict <= 1e-4, stated in suites/rng_quality/README.md).
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/arm64-hardened.elf" ] || return 0
	command -v qemu-system-aarch64 >/dev/null || return 0
	D=$(suite_result "$HB_ROOT/suites/rng_quality/rng_arm64.ini") || return 1
	export D
}

setup() {
	[ -f "$HB_IMAGES/arm64-hardened.elf" ] || skip "arm64 images not built (make images)"
	command -v qemu-system-aarch64 >/dev/null || skip "qemu-system-aarch64 missing (make deps)"
}

# bats test_tags=slow
@test "rng_arm64: every expectation met, exit 0; hardened keyed uniquely from RNDRRS" {
	[ "$(cat "$HB_SUITE_OUT/rng_arm64.rc")" -eq 0 ]
	run grep -c -E '^not ok' "$HB_SUITE_OUT/rng_arm64.tap"
	assert_output 0
	run verdict "$D" arm64-hardened unique_output
	assert_output pass
	run jq -r 'select(.section == "arm64-hardened") | .cpu.src' "$D/boots.jsonl"
	[ "$(echo "$output" | sort -u)" = rndrrs ]
	run jq -r 'select(.section == "arm64-rndr-jitter") | .cpu.src' "$D/boots.jsonl"
	[ "$(echo "$output" | sort -u)" = jitter ]
}

# bats test_tags=slow
@test "rng_arm64: the -seed twin repeats its seed on every cold boot; the fixed key is caught" {
	run verdict "$D" arm64-rndr-seeded unique_output
	assert_output "fail expected"
	run jq -r 'select(.section == "arm64-rndr-seeded") | .secret.seed' "$D/boots.jsonl"
	[ "$(echo "$output" | sort -u | wc -l)" -eq 1 ]
	run verdict "$D" arm64-rng-fixedseed keyed
	assert_output "fail expected"
}
