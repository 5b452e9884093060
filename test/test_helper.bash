# SPDX-License-Identifier: GPL-3.0-or-later
# Shared setup for hardboot's Bats tests: `load test_helper` (or
# `load ../../test/test_helper` from suites/*/).
# shellcheck shell=bash

bats_require_minimum_version 1.5.0

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

HB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export HB_ROOT
HB="${HB:-$HB_ROOT/build/hardboot}"
export HB
HB_IMAGES="$HB_ROOT/images/build"
export HB_IMAGES
HB_FIXTURES="$HB_ROOT/test/fixtures"
export HB_FIXTURES

# The fast reference QEMU line of FIELD.md, for tests that boot an image
# directly (not through the runner).
# shellcheck disable=SC2054 # commas belong to QEMU option values
HB_QEMU_MICROVM=(qemu-system-x86_64 -nodefaults -no-user-config -display none
	-no-reboot -M microvm,x-option-roms=off,pit=off,pic=off,rtc=off,acpi=off
	-accel tcg -cpu max -m 16M -serial stdio
	-device isa-debug-exit,iobase=0xf4,iosize=4)

# qemu_boot IMAGE [CMDLINE [EXTRA QEMU ARGS...]]: one TCG boot, serial on
# stdout, at most 20 s.
qemu_boot() {
	local img="$1" cmdline="${2:-}"
	shift 2 || shift $#
	timeout 20 "${HB_QEMU_MICROVM[@]}" -kernel "$HB_IMAGES/$img.elf" \
		${cmdline:+-append "$cmdline"} "$@" </dev/null
}

# kvm_or_skip: KVM tests skip with a reason where /dev/kvm is absent.
kvm_or_skip() {
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		skip "/dev/kvm absent or not accessible"
	fi
}

# jsonl_field FILE JQ_FILTER: print a jq filter over every line.
jsonl_field() {
	jq -r "$2" "$1"
}
