#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Policy cfi (suites/cet/cfi.c): on the arm64 images under TCG, each
# payload ends in its exception at the target (PAC EC 0x21 with the error
# bits, BTI EC 0x0d, MTE EC 0x25 DFSC 0x11), and each twin lets it reach
# the target, the finding its section expects.  Six boots, one per section
# of cet.ini; deterministic: a payload faults or it does not.
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || return 0
	DIR=$(suite_result cet) || return 1
	export DIR
}

setup() {
	[ -f "$HB_IMAGES/arm64-hardened.elf" ] || skip "arm64 images not built (make images)"
	command -v qemu-system-aarch64 >/dev/null || skip "qemu-system-aarch64 missing (make deps)"
}

fault() { # SECTION: "EC ISS" of its boot's fault record, or "none"
	jq -r --arg s "$1" 'select(.section == $s) |
		if .fault then "\(.fault.ec) \(.fault.iss)" else "none \(.checks.hijack)" end' \
		"$DIR/boots.jsonl"
}

@test "cfi: PAC, BTI and MTE stop their payloads with the expected exception" {
	run -0 fault arm64-pac
	assert_output "33 4"
	run -0 fault arm64-bti
	assert_output "13 2"
	run -0 fault arm64-mte
	assert_output "37 17"
	for s in arm64-pac arm64-bti arm64-mte; do
		run verdict "$DIR" "$s" cfi
		assert_output pass
	done
}

@test "cfi: each twin lets its payload reach the target: a finding, expected" {
	run -0 fault arm64-nopac-ret
	assert_output "none fail:ret"
	run -0 fault arm64-nobti-ibt
	assert_output "none fail:ibt"
	run -0 fault arm64-nomte-tag
	assert_output "none fail:tag"
	for s in arm64-nopac-ret arm64-nobti-ibt arm64-nomte-tag; do
		run verdict "$DIR" "$s" cfi
		assert_output "fail expected"
	done
	run grep -c 'finding: 1/1 boots reached the attacker' "$HB_SUITE_OUT/cet.tap"
	assert_output 3
}

@test "cfi: QEMU's own exception log shows each payload's fault, and none for a twin" {
	run -0 bash -c "jq -r 'select(.qemu_exceptions) | \"\(.section) \(.qemu_exceptions | length) \(.qemu_exceptions[0].ec // \"-\")\"' '$DIR/boots.jsonl' | sort"
	assert_output "$(printf '%s\n' 'arm64-bti 1 13' 'arm64-mte 1 37' 'arm64-nobti-ibt 0 -' \
		'arm64-nomte-tag 0 -' 'arm64-nopac-ret 0 -' 'arm64-pac 1 33')"
	run grep -c "QEMU's exception log, the guest's report agreeing" "$HB_SUITE_OUT/cet.tap"
	assert_output 3
	run grep -c "QEMU's exception log has none" "$HB_SUITE_OUT/cet.tap"
	assert_output 3
}
