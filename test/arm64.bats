#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# arm64 images boot like x86 ones: the same records, outcomes and exit
# statuses, cold (semihosting exit) and warm (PSCI reset), from the one
# table of guest architectures (runner/arch.c).  A few boots only: the
# heavier arm64 runs are in the slow tier (suites' arm64 sections).
# Deterministic: a boot passes or it does not; fresh layouts per boot are
# checked by distinct bases, 4 boots from 2^20 slots: a false failure (two
# equal bases) has probability below 6/2^20 = 5.7e-6.
load test_helper

setup() {
	[ -f "$HB_IMAGES/arm64-hardened.elf" ] || skip "arm64 images not built (make images)"
	command -v qemu-system-aarch64 >/dev/null || skip "qemu-system-aarch64 missing (make deps)"
	OUT="$BATS_TEST_TMPDIR/out"
}

@test "arm64: cold boots pass with the x86 records and exit status, ASLR, RNDRRS seed, CNTFRQ" {
	run -0 "$HB" run -o "$OUT" --boots 4 --no-progress arm64-hardened
	assert_line --regexp '^ok 1 - arm64-hardened: 4/4 boots passed \(tcg, cold,'
	run jq -r '[.outcome, .exit, .accel, .cpu.src, .tsc_khz, .checks.kat,
		.checks.fresh, .checks.bti, .checks.pac, .checks.mte,
		(.tsc.main > .tsc.entry)] | @tsv' "$OUT/boots.jsonl"
	assert_output "$(printf 'pass\t1\ttcg\trndrrs\t62500\tpass\tpass\tpass\tpass\tpass\ttrue\n%.0s' 1 2 3 4)"
	[ "$(jq -r .addr.base "$OUT/boots.jsonl" | sort -u | wc -l)" -eq 4 ]
	run -0 jq -r '.sections[0].qemu_cmdline' "$OUT/run.json"
	assert_output --regexp '^qemu-system-aarch64 .*-M virt,mte=on .*-semihosting .*-kernel '
	refute_output --partial isa-debug-exit
}

@test "arm64: warm boots (PSCI reset) give the same outcomes, fresh .data each boot" {
	run -0 "$HB" run -o "$OUT" --boots 4 --mode warm --no-progress arm64-hardened
	assert_line --regexp '^ok 1 - arm64-hardened: 4/4 boots passed \(tcg, warm,'
	run jq -r '[.outcome, .checks.fresh, .checks.kat] | @tsv' "$OUT/boots.jsonl"
	assert_output "$(printf 'pass\tpass\tpass\n%.0s' 1 2 3 4)"
	[ "$(jq -r .addr.base "$OUT/boots.jsonl" | sort -u | wc -l)" -eq 4 ]
}

@test "arm64: a failing guest exits 3 like x86, judged by its records too" {
	printf '[a]\nimage = arm64-hardened\nboots = 1\nappend = attack=smash\nexpect = fail canary\n' \
		>"$BATS_TEST_TMPDIR/s.ini"
	run -0 "$HB" run -o "$OUT" --no-progress "$BATS_TEST_TMPDIR/s.ini"
	run jq -r '[.outcome, .exit, .checks.canary] | @tsv' "$OUT/boots.jsonl"
	assert_output "$(printf 'fail\t3\tfail')"
}

@test "arm64: accel=kvm on another host architecture is SKIP with the reason" {
	[ "$(uname -m)" != aarch64 ] || skip "an arm64 host"
	run -0 "$HB" run -o "$OUT" --boots 1 --accel kvm --no-progress arm64-hardened
	assert_output --partial "not the host's architecture"
}

@test "arm64: an ELF of another machine is refused in one line naming it" {
	cp /bin/true "$BATS_TEST_TMPDIR/x.elf"
	[ "$(od -An -tu2 -j18 -N2 "$BATS_TEST_TMPDIR/x.elf" | tr -d ' ')" = 62 ] || skip "host ELF is not x86_64"
	# an x86_64 ELF named by an arm64 manifest entry's file would be refused;
	# a RISC-V machine number in the header is refused by itself
	printf '\xf3\x00' | dd of="$BATS_TEST_TMPDIR/x.elf" bs=1 seek=18 conv=notrunc status=none
	run -2 "$HB" run -o "$OUT" --boots 1 --no-progress "$BATS_TEST_TMPDIR/x.elf"
	assert_output --partial "ELF for machine 243, not x86_64 or arm64"
}

@test "arm64: every arm64 image in the manifest boots to done st=pass, one boot each" {
	mapfile -t names < <(jq -r '.images[] | select(.arch == "arm64") | .name' "$HB_IMAGES/manifest.json")
	[ "${#names[@]}" -eq 9 ]
	run -0 "$HB" run -o "$OUT" --boots 1 --no-progress "${names[@]}"
	run bash -c "jq -r '[.img, .outcome, .exit] | @tsv' \"\$1\" | sort" _ "$OUT/boots.jsonl"
	assert_output "$(for n in "${names[@]}"; do printf '%s\tpass\t1\n' "$n"; done | sort)"
}

@test "arm64: the bulk ring works from RAM at 1 GiB: the keystream equals openssl's ChaCha20" {
	local key=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
	run -0 "$HB" stream --bytes 64K --key "$key" -o "$BATS_TEST_TMPDIR/ks.bin" arm64-hardened
	cmp "$BATS_TEST_TMPDIR/ks.bin" <(head -c 65536 /dev/zero |
		openssl enc -chacha20 -K "$key" -iv 00000000000000000000000000000000)
}
