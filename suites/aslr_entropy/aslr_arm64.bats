#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# aslr_entropy on the arm64 images (aslr_arm64.ini): the suite as it is, on
# aarch64 guests: stack, heap and base bits, canary and seed words proven
# at 99% on hardened; the aslr-off and constant-canary twins fail exactly
# the policies they break.  Slow tier (~1000 arm64 boots).  False-failure
# risk per verdict as the suite states it (policy risk = 2.5e-5).
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/arm64-hardened.elf" ] || return 0
	command -v qemu-system-aarch64 >/dev/null || return 0
	D=$(suite_result "$HB_ROOT/suites/aslr_entropy/aslr_arm64.ini") || return 1
	export D
}

setup() {
	[ -f "$HB_IMAGES/arm64-hardened.elf" ] || skip "arm64 images not built (make images)"
	command -v qemu-system-aarch64 >/dev/null || skip "qemu-system-aarch64 missing (make deps)"
}

# bats test_tags=slow
@test "aslr_arm64: every expectation met, exit 0; hardened proves its bits" {
	[ "$(cat "$HB_SUITE_OUT/aslr_arm64.rc")" -eq 0 ]
	# a TODO is "not proven" (the registers section's 100 boots), no failure
	run bash -c "grep -E '^not ok' '$HB_SUITE_OUT/aslr_arm64.tap' | grep -vc '# TODO not proven'"
	assert_output 0
	for r in stack heap base; do
		run verdict "$D" "arm64-hardened/$r" "min_bits.$r"
		assert_output pass
	done
}

# bats test_tags=slow
@test "aslr_arm64: the twins fail what they break" {
	run verdict "$D" arm64-aslr-off/stack min_bits.stack
	assert_output "fail expected"
	run verdict "$D" arm64-canary-const/canary min_bits.canary
	assert_output "fail expected"
}

# bats test_tags=slow
@test "aslr_arm64: registers from outside (gdbstub): SP in the stack, PC in the image, every boot" {
	n=$(jq -r 'select(.section == "arm64-hardened-regs" and .outcome == "pass") | .boot' \
		"$D/boots.jsonl" | wc -l)
	[ "$n" -eq 100 ]
	run -0 bash -c "'$HB' entropy --json --section arm64-hardened-regs '$D' | jq -r '.sections[0].layout
		| [.anchor, .rsp_checked, .rsp_outside, .rip_checked, .rip_outside] | @tsv'"
	assert_output "$(printf 'start\t%s\t0\t%s\t0' "$n" "$n")"
	run -0 "$HB" entropy --section arm64-hardened-regs "$D"
	assert_output --partial "regs.pc: H2 >="
	assert_output --partial "sampled from outside where the guest stopped: its page"
}
