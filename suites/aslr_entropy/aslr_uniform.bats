#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Uniformity, behind the uniform verdicts (aslr_entropy.bats): aslr-biased
# picks slot 0 about half of the time; rejected, its headline switches to
# the min-entropy bound, about 1 bit.
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || return 0
	D=$(suite_result aslr_entropy) || return 1
	export D
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

@test "hardened: stack, heap and base uniform at 1e-4 for the three" {
	for r in stack heap base; do
		run verdict "$D" "hardened/$r" uniform
		assert_output pass
	done
}

@test "aslr-biased: uniformity rejected, headline is the min-entropy bound, ~1 bit" {
	for r in stack heap base; do
		run verdict "$D" "aslr-biased/$r" uniform
		assert_output "fail expected"
	done
	run -0 bash -c "'$HB' entropy --json --section aslr-biased '$D' | jq -r '.sections[0].regions[]
		| select(.region == \"base\") | [.headline.kind, (.headline.bits < 1.5),
		  (.mcv.p > 0.4), (.collision.estimate < 3)] | @tsv'"
	assert_output "$(printf 'Hmin\ttrue\ttrue\ttrue')"
}
