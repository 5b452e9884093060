#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The cet suite as users run it: `hardboot suite cet` boots cet.ini, audits
# every inspected section (checksec on its image, the page tables from
# outside) and judges the payload sections by their boots.  hardened passes
# every policy; each twin fails exactly what its section expects.
# Deterministic: a flag, a mapping, a handler; a false failure is a broken
# host, not chance.
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || return 0
	DIR=$(suite_result cet) || return 1
	export DIR
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

twin() { # SECTION: its verdicts that are not a pass (skips aside)
	verdicts_of "$DIR" "$1" | grep -v ' skip$'
}

@test "cet: every expectation met, exit 0" {
	[ "$(cat "$HB_SUITE_OUT/cet.rc")" -eq 0 ]
	run grep -c '^not ok' "$HB_SUITE_OUT/cet.tap"
	assert_output 0
}

@test "cet: hardened passes checksec and the page-table audit" {
	run twin hardened-pages
	assert_output ""
	run jq -r 'select(.metric == "policy_verdict" and .section == "hardened-pages") | .policy' \
		"$DIR/metrics.jsonl"
	for p in pie wx canary cet_note endbr paging nxe wp wx_pages nx_stack nx_heap shstk guest_walk; do
		assert_line "$p"
	done
}

@test "cet: each twin fails exactly what it breaks" {
	run twin wx-violation-pages
	assert_output "wx_pages wx-violation-pages fail expected"
	run twin cet-noendbr-pages
	assert_output "endbr cet-noendbr-pages fail expected"
	run twin baseline-pages
	assert_output "$(printf '%s baseline-pages fail expected\n' canary cet_note endbr nx_heap nx_stack \
		pie wx wx_pages)"
}

@test "cet: arm64 hardened passes the audit from outside (gdbstub registers)" {
	run twin arm64-hardened-pages
	assert_output ""
	run jq -r 'select(.metric == "policy_verdict" and .section == "arm64-hardened-pages") |
		"\(.policy) \(.verdict)"' "$DIR/metrics.jsonl"
	for p in cfi_note bti paging wx_pages nx_stack nx_heap guest_walk bti_gp mte_tags; do
		assert_line "$p pass"
	done
	# x86's switches and shadow stacks are SKIP with the reason, not passes
	for p in nxe wp shstk; do
		assert_line "$p skip"
	done
	# the registers are QEMU's, read at done, not the guest's word
	run -0 jq -r 'select(.section == "arm64-hardened-pages") |
		"\(.pagetables.source) \(.pagetables.wxn) \(.regs.tcr_el1 != null)"' "$DIR/boots.jsonl"
	assert_line "QEMU gdbstub (system registers) and the RAM file true true"
}

@test "cet: each arm64 twin fails exactly what it breaks" {
	run twin arm64-nobti-pages
	assert_output "bti_gp arm64-nobti-pages fail expected"
	run twin arm64-nomte-pages
	assert_output "mte_tags arm64-nomte-pages fail expected"
	run twin arm64-wx-violation-pages
	assert_output "wx_pages arm64-wx-violation-pages fail expected"
}

@test "cet: CET at run time is a SKIP with the reason where QEMU cannot expose it" {
	for s in cet-enable cet-ret cet-ibt cet-noendbr-ibt; do
		run jq -r --arg s "$s" 'select(.metric == "policy_verdict" and .section == $s) |
			"\(.policy) \(.verdict) \(.why)"' "$DIR/metrics.jsonl"
		if jq -e --arg s "$s" '.sections[] | select(.name == $s) | .skip' "$DIR/run.json" >/dev/null; then
			assert_output --regexp '^boots skip .*(cannot expose cet|/dev/kvm)'
		else
			assert_output --regexp '^boots pass '
		fi
	done
}
