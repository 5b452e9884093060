#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# hardboot compare on boot time: verdicts come only from in-run A/B
# records (boottime_delta: the boottime suite boots [sut] and its
# baseline [ref] interleaved and states the difference with its interval
# and its confirmed verdict); boot times of two runs (boottime_phase) are
# a trend and never gate.
#
# setup_file: the boottime suite's [suite], [policy], [defaults], with
# [ref] hardened and [sut] hardened (BASE), again (a second identical
# night) and slowboot (NEW), 60 warm boots each, 5 per turn: ~50 s on a
# loaded 2-core host, so the slow tier.
#
# False failures: the suite calls a pair slower only when a second sample
# confirms it, each at its alpha (policy alpha = 0.01, Bonferroni over a
# pair's phases): at most alpha^2 = 1e-4 per pair (runner/btstat.c).
# slowboot spins tens of millions of TSC ticks before the rng mark
# (+100% and more on rng and guest, measured +145% to +260%).
# bats file_tags=slow
load test_helper

night() {
	local name=$1 img=$2
	awk '/^\[/ { keep = ($0 == "[suite]" || $0 == "[policy]" || $0 == "[defaults]") } keep' \
		"$HB_ROOT/suites/boottime/boottime.ini" | sed 's/^interleave = .*/interleave = 5/' \
		>"$R/$name.ini"
	printf '[ref]\nimage = hardened\nboots = 60\n[sut]\nimage = %s\nbaseline = ref\nboots = 60\n' \
		"$img" >>"$R/$name.ini"
	"$HB" suite -j1 --no-progress -o "$R/$name" "$R/$name.ini" >"$R/$name.tap" 2>&1 3>&- || :
}

setup_file() {
	[ -f "$HB_IMAGES/slowboot.elf" ] || return 0
	R="$BATS_FILE_TMPDIR"
	night base hardened
	night again hardened
	night slow slowboot
}

setup() {
	[ -f "$HB_IMAGES/slowboot.elf" ] || skip "no slowboot image (make images)"
	R="$BATS_FILE_TMPDIR"
}

@test "compare boottime: slowboot is caught by the in-run A/B on its own phases" {
	run -1 "$HB" compare --json-file "$BATS_TEST_TMPDIR/c.json" "$R/base/boottime" "$R/slow/boottime"
	run jq -r '.findings[] | "\(.verdict) \(.subject) \(.lead.metric)"' "$BATS_TEST_TMPDIR/c.json"
	assert_line "worse sut/rng boottime_delta"
	assert_line "worse sut/guest boottime_delta"
	# the spin is after the paging mark: that phase stays
	refute_line --partial "sut/paging"
	# every finding is an in-run A/B of [sut], never a run-to-run time
	run jq -r '.findings[] | "\(.verdict) \(.lead.metric) \(.subject)"' "$BATS_TEST_TMPDIR/c.json"
	refute_output --regexp 'boottime_phase|^(better|gone|new|differs)|ref/'
	run jq -r '.findings[] | select(.subject == "sut/rng") | .lead.note' "$BATS_TEST_TMPDIR/c.json"
	assert_output --regexp 'no change -> slower|too few -> slower'
}

@test "compare boottime: two identical nights are quiet; their boot times are a trend" {
	run -0 "$HB" compare --json-file "$BATS_TEST_TMPDIR/c.json" "$R/base/boottime" "$R/again/boottime"
	assert_output --partial "Nothing changed beyond chance."
	assert_output --partial "Boot times, BASE -> NEW: a trend, never a gate"
	run -0 "$HB" compare "$R/again/boottime" "$R/base/boottime"
	assert_output --partial "Nothing changed beyond chance."
	run jq -r '[.items[] | select(.metric == "boottime_phase") | .verdict] | unique | join(",")' \
		"$BATS_TEST_TMPDIR/c.json"
	assert_output shown
}
