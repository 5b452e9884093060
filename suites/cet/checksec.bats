#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# Policy, static: hardened is a PIE without W+X segments, with a stack
# protector, the IBT and SHSTK property note, and ENDBR64 at every
# address-taken code address.  cet-noendbr fails exactly the ENDBR64 check
# (its note still claims IBT: reading the note alone passes it wrongly);
# wx-violation passes, its flaw lives only in the page tables
# (pagetables.bats); baseline fails all five.  Deterministic: no false
# failures but a broken binutils.
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

# checks IMAGE: "pie=pass wx=pass ..." from checksec --json
checks() {
	"$HB" checksec --json "$HB_IMAGES/$1.elf" |
		jq -r '.[0].checks | to_entries | map("\(.key)=\(.value.result)") | join(" ")'
}

@test "checksec: hardened passes every check, ENDBR64 at every address-taken target" {
	run -0 "$HB" checksec --json "$HB_IMAGES/hardened.elf"
	[ "$(jq -r '.[0].verdict' <<<"$output")" = pass ]
	[ "$(jq '.[0].endbr.offenders | length' <<<"$output")" -eq 0 ]
	# the #CP stub, the payload targets and the jump to the random base
	[ "$(jq '.[0].endbr.address_taken' <<<"$output")" -ge 4 ]
	jq -e '.[0].endbr.taken | map(select(startswith("cet_cp_entry "))) | length == 1' <<<"$output"
	jq -e '.[0].cet_note == {"found": true, "ibt": true, "shstk": true}' <<<"$output"
	[ "$(jq '.[0].stack_protector.chk_fail_calls' <<<"$output")" -gt 0 ]
}

@test "checksec: cet-noendbr fails exactly on ENDBR64, naming the #CP entry stub, while its note claims IBT" {
	run -0 checks cet-noendbr
	assert_output "pie=pass wx=pass canary=pass cet-note=pass endbr=fail"
	run -1 "$HB" checksec --json "$HB_IMAGES/cet-noendbr.elf"
	jq -e '.[0].cet_note.ibt' <<<"$output"
	[ "$(jq '.[0].endbr.offenders | length' <<<"$output")" -eq 1 ]
	[ "$(jq -r '.[0].endbr.offenders[0].name' <<<"$output")" = cet_cp_entry ]
	jq -e '.[0].endbr.offenders[0].why | test("^address taken \\(lea at 0x[0-9a-f]+\\), no ENDBR64$")' <<<"$output"
}

@test "checksec: wx-violation passes; its RWX mapping is not in the ELF" {
	run -0 checks wx-violation
	assert_output "pie=pass wx=pass canary=pass cet-note=pass endbr=pass"
}

@test "checksec: baseline fails all five: fixed base, executable stack, no canary, no note, no ENDBR64" {
	run -0 checks baseline
	assert_output "pie=fail wx=fail canary=fail cet-note=fail endbr=fail"
	run -1 "$HB" checksec "$HB_IMAGES/baseline.elf"
	assert_line "baseline: pie: ET_EXEC: fixed base 0x100000"
	assert_line "baseline: wx: 1 writable+executable: GNU_STACK executable"
	assert_line --regexp '^baseline: endbr offender 0x[0-9a-f]+ hb_boot_late: address taken \(lea at 0x[0-9a-f]+\), no ENDBR64$'
}

@test "checksec: foreign, an ELF32 wrapper of x86-64 code that objdump refuses, is read section by section and passes" {
	run -0 "$HB" checksec --json "$HB_IMAGES/foreign.elf"
	jq -e '.[0].elf == {"class": "ELF32", "type": "DYN", "machine": "Intel 80386",
		"code": "x86-64", "disassembly": "raw sections"}' <<<"$output"
	jq -e '.[0].verdict == "pass" and .[0].endbr.address_taken >= 4' <<<"$output"
	# the same code as hardened underneath: the same address-taken functions,
	# but for the putc callback of its emit mode (include/hardboot/emit.h)
	diff <("$HB" checksec --json "$HB_IMAGES/hardened.elf" | jq -r '.[0].endbr.taken[] | sub(" .*"; "")' | sort) \
		<(jq -r '.[0].endbr.taken[] | sub(" .*"; "")' <<<"$output" | grep -vx foreign_putc | sort)
}

@test "checksec: one table for several images, exit 1 if any fails; metric records appended" {
	local m="$BATS_TEST_TMPDIR/metrics.jsonl"
	run -1 "$HB" checksec --metrics "$m" "$HB_IMAGES/hardened.elf" "$HB_IMAGES/cet-noendbr.elf"
	assert_line --regexp '^hardened +ELF64 DYN +ok +ok 0 +ok [0-9]+ +ok IS +ok 0/[0-9]+ +pass$'
	assert_line --regexp '^cet-noendbr .* FAIL 1/[0-9]+ +fail$'
	assert_line --regexp '^cet-noendbr: endbr offender 0x[0-9a-f]+ cet_cp_entry: '
	[ "$(wc -l <"$m")" -eq 12 ]
	jq -e -s 'map(select(.metric == "checksec_endbr_offenders")) |
		map({(.subject): .value}) | add == {"hardened": 0, "cet-noendbr": 1}' "$m"
	jq -e -s 'all(.schema == 2 and .compare == "fact" and .unit != null and .better != null and .n == 1)' "$m"
}

@test "checksec: exit 2 for a file that is no ELF, 3 when objdump cannot run" {
	echo "not an elf" >"$BATS_TEST_TMPDIR/x.elf"
	run -2 "$HB" checksec "$BATS_TEST_TMPDIR/x.elf"
	assert_output --partial "not an ELF file"
	run -2 "$HB" checksec "$BATS_TEST_TMPDIR/missing.elf"
	assert_output "hardboot checksec: $BATS_TEST_TMPDIR/missing.elf: No such file or directory"
	run -3 "$HB" checksec --objdump /nonexistent/objdump "$HB_IMAGES/hardened.elf"
	assert_output --partial "cannot run /nonexistent/objdump"
	run -2 "$HB" checksec --code 16 "$HB_IMAGES/hardened.elf"
}
