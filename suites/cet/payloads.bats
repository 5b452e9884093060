#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Policy, payloads without CET (attack= on the command line): a smashed
# stack buffer must end in the canary handler on hardened and on the twins
# that keep the protector; on baseline the smash, the return-address
# overwrite and the call past ENDBR64 take control and the boot says so
# (check hijack=fail:KIND).  The #CP handler is reached by a software
# int $21 and reports it.  No payload boot passes: each section's expect
# names how it must end, and `hardboot suite cet` judges it.  Deterministic:
# a payload ends in one handler or another; a false failure is a broken host.
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || return 0
	DIR=$(suite_result cet) || return 1
	export DIR
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

# ends SECTION: the checks that failed on its boot, and st and outcome,
# e.g. "canary=fail st=fail outcome=fail"
ends() {
	section_boots "$DIR" "$1" '(.checks // {} | to_entries | map(select(.value |
		startswith("fail"))) | map("\(.key)=\(.value)")) + ["st=\(.st)",
		"outcome=\(.outcome)"] | join(" ")' | tr -d '"'
}

@test "payloads: hardened: the smashed stack buffer ends in the canary handler" {
	run -0 ends hardened-smash
	assert_output "canary=fail st=fail outcome=fail"
}

@test "payloads: the twins keep the protector: cet-noendbr and wx-violation end in the canary handler too" {
	run -0 ends cet-noendbr-smash
	assert_output "canary=fail st=fail outcome=fail"
	run -0 ends wx-violation-smash
	assert_output "canary=fail st=fail outcome=fail"
}

@test "payloads: baseline: the smash, the return overwrite and the call past ENDBR64 all succeed, and say so" {
	run -0 ends baseline-smash
	assert_output "hijack=fail:smash st=fail outcome=fail"
	run -0 ends baseline-ret
	assert_output "hijack=fail:ret st=fail outcome=fail"
	run -0 ends baseline-ibt
	assert_output "hijack=fail:ibt st=fail outcome=fail"
}

@test "payloads: without CET the return overwrite and the bad indirect call take hardened too: reported, not hidden" {
	run -0 ends hardened-ret-nocet
	assert_output "hijack=fail:ret st=fail outcome=fail"
	run -0 ends hardened-ibt-nocet
	assert_output "hijack=fail:ibt st=fail outcome=fail"
}

@test "payloads: the #CP handler reports a software int \$21, on hardened and on baseline" {
	run -0 ends hardened-int21
	assert_output "cp=fail:software st=fail outcome=fail"
	run -0 ends baseline-int21
	assert_output "cp=fail:software st=fail outcome=fail"
}

@test "payloads: every payload boot ends with done st=fail and QEMU's fail status" {
	# the x86 payloads (arm64's are cfi.bats's)
	run -0 jq -r 'select(.section | test("-(smash|ret|ibt|int21)(-nocet)?$") and (startswith("arm64-") | not)) |
		"\(.section) \(.st) \(.exit)"' "$DIR/boots.jsonl"
	[ "${#lines[@]}" -eq 10 ]
	for l in "${lines[@]}"; do
		[[ "$l" == *" fail 3" ]]
	done
}

@test "payloads: a bad attack= value fails the boot, it does not run anything" {
	run -3 qemu_boot hardened "attack=rop"
	assert_line "HB1 check kat=pass fresh=pass cmdline=fail:attack"
	assert_line "HB1 done st=fail"
	refute_line --partial "hijack"
}

@test "payloads: the suite judges every payload section by its expect, all as expected" {
	for s in hardened-smash cet-noendbr-smash wx-violation-smash baseline-smash baseline-ret \
		baseline-ibt hardened-int21 baseline-int21 hardened-ret-nocet hardened-ibt-nocet; do
		run verdict "$DIR" "$s" boots
		assert_output pass
	done
	run grep -E '^ok [0-9]+ - baseline-ret: 1/1 boots as expected: fail hijack=fail:ret$' \
		"$HB_SUITE_OUT/cet.tap"
	assert_success
}
