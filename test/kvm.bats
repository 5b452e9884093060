#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The accelerator and CPU model are resolved once, for every path that
# starts QEMU.  These tests run everywhere (as root): kvm_standin
# (test_helper.bash) makes a host with the paravirtual KVM of
# shared/FIELD.md out of one without /dev/kvm, with a QEMU stand-in that
# fails `-accel kvm -cpu max` the way QEMU 7.2 does there ("failed to set
# MSR 0x10a") and runs the rest under TCG.  It is a stand-in for such a
# host's QEMU, not a model of KVM: timing and exits of real KVM are
# covered by the kvm_or_skip tests in run.bats where /dev/kvm exists.
load test_helper

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	OUT="$BATS_TEST_TMPDIR/out"
}

@test "kvm stand-in: the stand-in fails -cpu max under kvm as that host's QEMU does" {
	run kvm_standin qemu-system-x86_64 -accel kvm -cpu max -M none -display none
	[ "$status" -eq 134 ]
	assert_output --partial "failed to set MSR 0x10a to 0x69"
}

@test "kvm stand-in: accel=kvm gets -arch-capabilities, says why once, records it" {
	cat >"$BATS_TEST_TMPDIR/two.ini" <<-EOT
	[defaults]
	image = hardened
	accel = kvm
	boots = 2
	[one]
	[two]
	mode = warm
	EOT
	run -0 --separate-stderr kvm_standin "$HB" run -o "$OUT" --no-progress \
		--images "$HB_IMAGES" "$BATS_TEST_TMPDIR/two.ini"
	assert_line --regexp '^ok [12] - one: 2/2 boots passed \(kvm, cold,'
	assert_line --regexp '^ok [12] - two: 2/2 boots passed \(kvm, warm,'
	# printed once per run, for the (QEMU, CPU model, accelerator)
	# shellcheck disable=SC2154 # set by run --separate-stderr
	[ "$(grep -c 'failed to set MSR 0x10a' <<<"$stderr")" -eq 1 ]
	run jq -r '.sections[] | [.accel, .cpu, .cpu_why, (.qemu_cmdline | test("-cpu max,-arch-capabilities "))] | @tsv' "$OUT/run.json"
	assert_line --index 0 --regexp $'^kvm\tmax,-arch-capabilities\t-cpu max under kvm: "failed to set MSR 0x10a to 0x69"; using -cpu max,-arch-capabilities\ttrue$'
	assert_line --index 1 --regexp $'^kvm\tmax,-arch-capabilities\t.*\ttrue$'
	# the line recorded for a repro boots by itself under the stand-in
	cmd=$(jq -r '.sections[0].repro_cmdline' "$OUT/run.json")
	run -1 kvm_standin bash -c "$cmd </dev/null"
	assert_output --partial "HB1 done st=pass"
}

@test "kvm stand-in: accel=auto keeps the -arch-capabilities fact whichever wins" {
	run -0 kvm_standin "$HB" run -o "$OUT" --boots 1 --no-progress hardened
	run jq -r '.sections[0] | .accel_why, .cpu_why' "$OUT/run.json"
	assert_line --index 0 --regexp '^probe: (kvm|tcg) reached done in .*; kvm needs -arch-capabilities$'
	assert_line --index 1 --partial 'failed to set MSR 0x10a'
}

@test "kvm stand-in: stream and rng --accel kvm resolve the CPU model the same way" {
	run -0 kvm_standin "$HB" stream hardened --accel kvm --bytes 1M -o "$OUT.bin"
	assert_output --partial "accel kvm"
	[ "$(stat -c %s "$OUT.bin")" -eq 1048576 ]
	run -0 kvm_standin "$HB" rng hardened --accel kvm --battery none --bytes 1M
	assert_output --regexp "seed src=[a-z]+, kvm\\)"
}

@test "kvm stand-in: reset=guest under kvm_pvm is refused with the reason; auto resets through QMP" {
	cat >"$BATS_TEST_TMPDIR/r.ini" <<-EOT
	[guest]
	image = hardened
	accel = kvm
	mode = warm
	reset = guest
	EOT
	run -2 kvm_standin "$HB" run -o "$OUT" --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/r.ini"
	assert_output --partial "section [guest]: reset=guest under this KVM (kvm_pvm) fails every other reset"
	run -0 kvm_standin "$HB" run -o "$OUT.auto" --boots 4 --accel kvm --mode warm --no-progress hardened
	run jq -r '.sections[0].qemu_cmdline | test("-qmp .*unix:")' "$OUT.auto/run.json"
	assert_output true
}
