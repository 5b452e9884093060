#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Policy: the stack canary has >= AE_CANARY_MIN bits at 99% and all 56
# random bits (the low byte is 0 by design) balanced, paxtest's "quality
# bits".  canary-const, a build-time constant, has none.
load ../../test/test_helper
load policy

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	HARDENED=$(ae_run "$AE_INI" hardened)
	CONST=$(ae_run "$AE_INI" canary-const)
	export HARDENED CONST
}

# False failure: 20 bits of a 56-bit canary with the planned boots:
# plan_risk (~7e-11), a false uniformity rejection <= AE_ALPHA = 1e-5; a
# fair bit's share of ones outside (35%, 65%) over >= 3000 boots: < 1e-60
# per bit.
@test "hardened: canary >= $AE_CANARY_MIN bits at 99% with $AE_CANARY_QUALITY balanced varying bits" {
	run -0 "$HB" entropy --alpha "$AE_ALPHA" --min "canary=$AE_CANARY_MIN" --quality "canary=$AE_CANARY_QUALITY" "$HARDENED"
	assert_line --regexp "^ok - hardened/canary: H2 >= [0-9.]+ bits \(99%, n=[0-9]+\) meets $AE_CANARY_MIN bits$"
	assert_line --regexp "^ok - hardened/canary: 56 quality bits \(56 varying, 0 weak\) >= 56$"
	echo "# P(false failure) = $(plan_risk "$AE_CANARY_MIN" "$AE_TRUE_CANARY" "$(ae_boots hardened)")" >&3
}

@test "canary-const fails it: 0 bits, no varying bit" {
	run -1 "$HB" entropy --alpha "$AE_ALPHA" --min "canary=$AE_CANARY_MIN" --quality "canary=$AE_CANARY_QUALITY" "$CONST"
	assert_line --regexp "^not ok - canary-const/canary: H2 >= 0.00 bits \(99%, n=[0-9]+\) is below $AE_CANARY_MIN bits$"
	assert_line --regexp "^not ok - canary-const/canary: 0 quality bits \(0 varying, 0 weak\) < 56$"
}
