#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# A full disk stops a run as the host's failure: state infrastructure, the
# failing file named, no boot charged to the guest, totals equal to the
# whole lines kept.
load test_helper

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	[ "$(id -u)" -eq 0 ] || skip "needs root to mount a small tmpfs"
	FULL="$BATS_TEST_TMPDIR/full"
	mkdir -p "$FULL"
	mount -t tmpfs -o size=256k tmpfs "$FULL" || skip "cannot mount tmpfs here"
}

teardown() {
	umount "$FULL" 2>/dev/null || true
}

# full_run MODE JOBS: a run that fills the disk; checks what it left.
full_run() {
	local r="$FULL/r-$1"
	run -3 "$HB" run -o "$r" --boots 100000 --mode "$1" -j "$2" --accel tcg --no-progress hardened
	assert_output --regexp "hardboot: write $r/(boots.jsonl|console/hardened/[^:]+): No space left on device"
	run jq -r '.state, (.error|test("No space left on device")), .totals.finished,
		([.sections[].finished]|add), .totals.not_passed' "$r/run.json"
	lines=$(wc -l <"$r/boots.jsonl")
	assert_output "$(printf 'infrastructure\ntrue\n%s\n%s\n0' "$lines" "$lines")"
	[ "$lines" -ge 1 ]
	# nothing the host did is the guest's: every line kept is a pass
	run jq -r .outcome "$r/boots.jsonl"
	refute_output --regexp '^(crash|error|timeout|fail)$'
}

@test "disk full, warm: infrastructure, the file named, nothing charged, totals = lines" {
	full_run warm 1
}

@test "disk full, cold on two workers: the same" {
	full_run cold 2
}
