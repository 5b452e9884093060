#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Policy: stack, heap and base uniform over their range (chi-square over
# bins, residues mod 2..16, per-bit binomial; Bonferroni within a region
# and across the three).  aslr-biased, whose signed modulo lands on slot 0
# half of the time, fails it, and its headline falls to min-entropy.
load ../../test/test_helper
load policy

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	HARDENED=$(ae_run "$AE_INI" hardened)
	BIASED=$(ae_run "$AE_INI" aslr-biased)
	export HARDENED BIASED
}

# False failure: the tests reject a uniform layout with probability
# <= alpha = 1e-4 in all (Bonferroni), whatever n.
@test "hardened: stack, heap and base uniform (alpha 1e-4 for the three)" {
	run -0 "$HB" entropy --uniform stack,heap,base --alpha 1e-4 "$HARDENED"
	for r in stack heap base; do
		assert_line --regexp "^ok - hardened/$r: uniformity p = [0-9.e+-]+ over 2\^[0-9]+ slots"
	done
}

# Power: slot 0 carries ~half of 300 boots against an expectation of ~5
# per bin; the chi-square p-value is below 1e-100.
@test "aslr-biased fails it: uniformity rejected, headline is min-entropy ~1 bit" {
	run -1 "$HB" entropy --uniform stack,heap,base --alpha 1e-4 "$BIASED"
	for r in stack heap base; do
		assert_line --regexp "^not ok - aslr-biased/$r: uniformity p = [0-9.e+-]+ over"
	done
	run -0 bash -c "'$HB' entropy --json '$BIASED' | jq -r '.sections[0].regions[]
		| select(.region == \"base\") | [.headline.kind, (.headline.bits < 1.5),
		  (.mcv.p > 0.4), (.collision.estimate < 3)] | @tsv'"
	assert_output "$(printf 'Hmin\ttrue\ttrue\ttrue')"
}
