#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# compare refuses runs of different suites and says when the suite file
# changed or a run does not say its QEMU version (as it does for QEMU
# versions that differ).
load test_helper

FX="$HB_ROOT/test/fixtures/entropy/fx"

setup() {
	A="$BATS_TEST_TMPDIR/a"
	B="$BATS_TEST_TMPDIR/b"
	cp -r "$FX" "$A"
	cp -r "$FX" "$B"
	for d in "$A" "$B"; do
		jq -c '.qemu_version = {"qemu-system-x86_64": "QEMU emulator version 7.2.22"}
			| .suite = {"name": "s", "sha256": "aaaa"}' "$d/run.json" >"$d/r" && mv "$d/r" "$d/run.json"
	done
}

edit() { # DIR FILTER
	jq -c "$2" "$1/run.json" >"$1/r" && mv "$1/r" "$1/run.json"
}

@test "compare: runs of different suites are refused unless forced" {
	edit "$B" '.suite.name = "other"'
	run -2 "$HB" compare "$A" "$B"
	assert_output --partial "different suites: BASE s, NEW other (--force compares anyway)"
	run -0 "$HB" compare --force "$A" "$B"
	assert_output --partial "Forced across suites: BASE s, NEW other."
}

@test "compare: a changed suite file and a missing QEMU version are said" {
	run -0 "$HB" compare "$A" "$B"
	refute_output --partial "suite file differs"
	refute_output --partial "No QEMU version"
	edit "$B" '.suite.sha256 = "bbbb" | del(.qemu_version)'
	run -0 "$HB" compare "$A" "$B"
	assert_output --partial "The suite file differs (sha256 aaaa in BASE, bbbb in NEW)"
	assert_output --partial "No QEMU version in NEW's run.json: the versions are not checked."
}
