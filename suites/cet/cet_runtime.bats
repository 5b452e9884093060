#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Policy, CET at run time: where the guest sees shadow stacks and IBT
# (a CET CPU, KVM, and a QEMU whose -cpu help lists shstk and ibt: set
# HB_CET_QEMU), hardened turns both on for ring 0, an overwritten return
# address raises #CP near-ret, a call past ENDBR64 raises #CP endbranch,
# and the shadow stack's token is busy.  cet-noendbr cannot even take the
# #CP: its handler lacks ENDBR64, so the boot dies in a triple fault.
# Everywhere else each test is SKIP with the runner's reason, never a
# pass.  Deterministic: a mapping is NX or not, a
# payload ends in one handler or another; a false failure is a broken host.
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || return 0
	DIR=$(suite_result cet) || return 1
	export DIR
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

@test "cet runtime: each requires = cet section either ran or is SKIP with a reason" {
	run -0 jq -r '.sections[] | select(.name | IN("cet-enable", "cet-ret", "cet-ibt",
		"cet-shstk-pages", "cet-noendbr-ibt")) |
		"\(.name) \(.skip // "ran") \(.finished)"' "$DIR/run.json"
	[ "${#lines[@]}" -eq 5 ]
	for l in "${lines[@]}"; do
		[[ "$l" == *" ran 1" ]] || [[ "$l" =~ \ (.*cannot\ expose\ cet|.*/dev/kvm).*\ 0$ ]]
	done
}

@test "cet runtime: CPUID shows CET and hardened turns on shadow stack and IBT for ring 0" {
	skip_if_skipped "$DIR" cet-enable
	run -0 section_boots "$DIR" cet-enable '[.checks["cet-ss"], .checks["cet-ibt"], .outcome]'
	assert_output '["pass","pass","pass"]'
}

@test "cet runtime: overwriting a return address raises #CP near-ret" {
	skip_if_skipped "$DIR" cet-ret
	run -0 section_boots "$DIR" cet-ret '.checks'
	assert_output --partial '"cp":"fail:near-ret"'
	refute_output --partial hijack
}

@test "cet runtime: calling through a pointer past ENDBR64 raises #CP endbranch" {
	skip_if_skipped "$DIR" cet-ibt
	run -0 section_boots "$DIR" cet-ibt '.checks'
	assert_output --partial '"cp":"fail:endbranch"'
	refute_output --partial hijack
}

@test "cet runtime: with CET on, CR4.CET is set and the shadow-stack token is busy" {
	skip_if_skipped "$DIR" cet-shstk-pages
	run -0 section_boots "$DIR" cet-shstk-pages \
		'[.pagetables.cet, .pagetables.regions.shstk.encoding_ok, .pagetables.regions.shstk.token_busy, .pagetables.guest.match]'
	assert_output '[true,true,true,true]'
}

@test "cet runtime: cet-noendbr's #CP handler lacks ENDBR64: the bad call kills the machine" {
	skip_if_skipped "$DIR" cet-noendbr-ibt
	run -0 section_boots "$DIR" cet-noendbr-ibt '[.outcome, (.checks // {} | has("hijack"))]'
	assert_output '["crash",false]'
}
