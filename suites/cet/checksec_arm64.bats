#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# checksec on AArch64 ELF files: the fixtures of test/fixtures/checksec/
# (built by `make test-build` with Debian's cross compiler), one C source
# with and without -mbranch-protection=standard.  arm64-bti passes the
# property note (BTI, PAC) and the landing pads; arm64-missing has the
# same note but one assembly function, address taken, without `bti c`:
# only the landing-pad check sees it; arm64-nobti has neither.
# Deterministic: no false failures but a broken binutils.
load ../../test/test_helper

FIX="$HB_ROOT/build/fixtures/checksec"

setup_file() {
	[ -f "$HB_ROOT/build/fixtures/checksec/arm64-bti.elf" ] ||
		skip "checksec fixtures not built (make test-build)"
}

# checks FIXTURE: "pie=pass wx=pass ..." from checksec --json
checks() {
	"$HB" checksec --json "$FIX/$1.elf" |
		jq -r '.[0].checks | to_entries | map("\(.key)=\(.value.result)") | join(" ")'
}

@test "checksec arm64: chosen by e_machine; BTI and PAC in the note, a landing pad at every target" {
	run -0 "$HB" checksec --json "$FIX/arm64-bti.elf"
	jq -e '.[0].elf == {"class": "ELF64", "type": "DYN", "machine": "AArch64",
		"code": "aarch64", "disassembly": "elf"}' <<<"$output"
	jq -e '.[0].cfi_note == {"found": true, "bti": true, "pac": true}' <<<"$output"
	# add1 by adrp+add, twice by adrp+add or its table's relocation, asm_target by
	# relocation; __stack_chk_fail too in a PIE (its GOT slot: -fno-plt calls through it)
	jq -e '.[0].bti.taken | map(sub(" .*"; "")) | contains(["add1", "asm_target", "twice"])' <<<"$output"
	jq -e '.[0].bti.offenders == [] and .[0].bti.direct_only == ["direct"]' <<<"$output"
	jq -e '.[0].stack_protector.chk_fail_calls >= 1' <<<"$output"
	run -0 checks arm64-bti
	assert_output "pie=pass wx=pass canary=pass cfi-note=pass bti=pass"
}

@test "checksec arm64: the twin without bti c at an address-taken assembly function fails bti only, its note claims BTI" {
	run -0 checks arm64-missing
	assert_output "pie=pass wx=pass canary=pass cfi-note=pass bti=fail"
	run -1 "$HB" checksec "$FIX/arm64-missing.elf"
	assert_line --regexp '^arm64-missing +ELF64 DYN +ok +ok 0 +ok [0-9]+ +ok BP +FAIL 1/[0-9]+ +fail$'
	assert_line --regexp '^arm64-missing: bti offender 0x[0-9a-f]+ asm_target: address taken \(relocation at 0x[0-9a-f]+\), no BTI landing pad$'
}

@test "checksec arm64: without branch protection: no note, and no BTI landing pad anywhere said once" {
	run -0 checks arm64-nobti
	assert_output "pie=pass wx=pass canary=pass cfi-note=fail bti=fail"
	run -1 "$HB" checksec "$FIX/arm64-nobti.elf"
	assert_line --regexp '^arm64-nobti +ELF64 DYN .* FAIL -- none +FAIL none +fail$'
	assert_line --regexp '^arm64-nobti: bti: no BTI landing pad anywhere \([0-9]+ address-taken targets, [0-9]+ functions\): built without -mbranch-protection=standard$'
	refute_output --partial "bti offender"
	# the machine-readable list keeps every offender
	[ "$("$HB" checksec --json "$FIX/arm64-nobti.elf" | jq '.[0].bti.offenders | length')" -ge 3 ]
}

@test "checksec arm64: a fixed-base image: pointers in data words, the same targets" {
	run -1 "$HB" checksec --json "$FIX/arm64-exec.elf"
	jq -e '.[0].checks.pie.result == "fail" and .[0].checks.bti.result == "pass"' <<<"$output"
	jq -e '.[0].bti.taken | map(sub(" .*"; "")) | contains(["add1", "asm_target", "twice"])' <<<"$output"
}

@test "checksec arm64: x86 and AArch64 images in one table, metric records named per architecture" {
	local m="$BATS_TEST_TMPDIR/metrics.jsonl"
	run -1 "$HB" checksec --metrics "$m" "$FIX/arm64-bti.elf" "$FIX/x86-nopad.elf"
	assert_line --regexp '^image +elf +pie +w\+x +canary +cfi-note +pads +verdict$'
	jq -e -s 'map(select(.metric == "checksec_bti_offenders" or .metric == "checksec_endbr_offenders")) |
		map({(.subject): .metric}) | add == {"arm64-bti": "checksec_bti_offenders",
		"x86-nopad": "checksec_endbr_offenders"}' "$m"
}

@test "checksec: an x86 image without a single ENDBR64 says so once, not per function" {
	run -1 "$HB" checksec "$FIX/x86-nopad.elf"
	assert_line --regexp '^x86-nopad +ELF64 DYN .* FAIL -- none +FAIL none +fail$'
	assert_line --regexp '^x86-nopad: endbr: no ENDBR64 anywhere \(3 address-taken targets, [0-9]+ functions\): built without -fcf-protection$'
	refute_output --partial "endbr offender"
}

@test "checksec: a machine it cannot read is a usage error naming it" {
	cp "$FIX/arm64-bti.elf" "$BATS_TEST_TMPDIR/riscv.elf"
	# e_machine (offset 18, little-endian) = 243, RISC-V
	printf '\xf3\x00' | dd of="$BATS_TEST_TMPDIR/riscv.elf" bs=1 seek=18 conv=notrunc 2>/dev/null
	run -2 "$HB" checksec "$BATS_TEST_TMPDIR/riscv.elf"
	assert_output "hardboot checksec: $BATS_TEST_TMPDIR/riscv.elf: machine RISC-V: checksec reads x86 and AArch64 code only"
}
