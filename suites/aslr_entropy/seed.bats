#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Policy: each of the 8 raw seed words (32 bits each, what the hardware
# gave) has >= AE_SEED_MIN bits at 99%.  rng-halfseed takes only 64 key
# bits from the hardware: six of its eight words are constant.
load ../../test/test_helper
load policy

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	HARDENED=$(ae_run "$AE_INI" hardened)
	HALF=$(ae_run "$AE_INI" rng-halfseed)
	export HARDENED HALF
}

# False failure: 8 words, each plan_risk(20 of 32 bits) ~1.3e-6 at the
# planned boots plus a false uniformity rejection <= AE_ALPHA = 1e-5:
# < 9.1e-5.
@test "hardened: every seed word >= $AE_SEED_MIN bits at 99%" {
	run -0 "$HB" entropy --alpha "$AE_ALPHA" --min "seed.*=$AE_SEED_MIN" "$HARDENED"
	for w in 0 1 2 3 4 5 6 7; do
		assert_line --regexp "^ok - hardened/seed.$w: H2 >= [0-9.]+ bits .* meets $AE_SEED_MIN bits$"
	done
}

# Deterministic for words 2..7 (constant: estimate exactly 0); words 0 and
# 1 show no collision in 100 boots unless 32 random bits repeat (P < 2e-6).
@test "rng-halfseed fails it: six of eight seed words at 0 bits" {
	run -0 bash -c "'$HB' entropy --json '$HALF' | jq -r '.sections[0].regions[]
		| select(.region | startswith(\"seed.\")) | [.region, (.collision.estimate // \"inf\")] | @tsv'"
	assert_output "$(printf 'seed.0\tinf\nseed.1\tinf\nseed.2\t0\nseed.3\t0\nseed.4\t0\nseed.5\t0\nseed.6\t0\nseed.7\t0')"
	# The six fail on their own flaw, the two only for want of boots.
	run -1 "$HB" entropy --alpha "$AE_ALPHA" --min "seed.*=$AE_SEED_MIN" "$HALF"
	[ "$(grep -c '^not ok - rng-halfseed/seed.[2-7]: H2 >= 0.00 bits .* is below 20 bits$' <<<"$output")" -eq 6 ]
	[ "$(grep -c '^not ok - rng-halfseed/seed.[01]: .*sample-limited' <<<"$output")" -eq 2 ]
}
