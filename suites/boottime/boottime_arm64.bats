#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The boot-time suite on the arm64 images (boottime_arm64.ini): phases from
# the generic timer (CNTVCT_EL0 at CNTFRQ_EL0, reported as tsc khz), the
# same statistics as x86.  make test runs the proof sections (hardened,
# hardened-again, slowboot: 3 x 120 warm boots interleaved plus the
# confirmation, ~15 s under TCG); the slow tier prices every hardening.
#
# False failures, per test (as boottime.bats): "no change" for A = A has
# P <= 6 * (0.01 / 6)^2 = 1.7e-5 (two independent samples must each flag);
# arm64-slowboot's spin (1.5M ticks = 24 ms) against a hardened rng phase
# of ~1.5-2.5 ms median here puts all 12 against 12 process medians apart
# (rank-sum p 1e-4 < 0.01 / 6), margin measured, not proven against any
# load.  Whether A = A's interval stays within 25% depends on the host's
# noise, so its policy verdict may be "not proven", never asserted "pass".
load ../../test/test_helper

setup_file() {
	[ -f "$HB_IMAGES/arm64-slowboot.elf" ] || return 0
	B="$BATS_FILE_TMPDIR/bt"
	"$HB" suite --no-progress -o "$B" --section arm64-hardened \
		--section arm64-hardened-again --section arm64-slowboot \
		"$HB_ROOT/suites/boottime/boottime_arm64.ini" >"$BATS_FILE_TMPDIR/tap" 2>&1 3>&- || :
	B="$B/boottime_arm64"
	"$HB" boottime --json "$B" --confirm "$B/confirm" >"$BATS_FILE_TMPDIR/bt.json" 2>/dev/null 3>&- || :
	export B
}

setup() {
	[ -f "$HB_IMAGES/arm64-slowboot.elf" ] || skip "images not built (make images)"
	J="$BATS_FILE_TMPDIR/bt.json"
}

bt_verdict() { # CONFIG PHASE
	jq -r --arg c "$1" --arg p "$2" \
		'.comparisons[] | select(.config == $c and .phase == $p) | .verdict' "$J"
}

@test "boottime arm64: phases from the generic timer at CNTFRQ (62.5 MHz)" {
	run -0 jq -r '.configs[] | "\(.name) \(.n) \(.not_passed) \(.phases.rng.units)"' "$J"
	assert_line "arm64-hardened 108 0 12"
	assert_line "arm64-slowboot 108 0 12"
	run -0 "$HB" boottime "$B" --confirm "$B/confirm"
	assert_output --partial "calibration: the guest's tsc record: 62500 kHz"
	assert_output --partial "[arm64-slowboot] against [arm64-hardened]"
}

@test "boottime arm64: slowboot slower in rng and guest, by at least its 24 ms spin" {
	[ "$(bt_verdict arm64-slowboot rng)" = slower ]
	[ "$(bt_verdict arm64-slowboot guest)" = slower ]
	run -0 jq -r '.comparisons[] | select(.config == "arm64-slowboot" and .phase == "rng") |
		(.pooled // .first).diff > 20000' "$J"
	assert_output true
	run -0 verdict "$B" arm64-slowboot/rng max_overhead.rng
	assert_output "fail expected"
}

@test "boottime arm64: A = A is no change in every phase, never a failure" {
	local p
	for p in paging rng aslr main guest; do
		[ "$(bt_verdict arm64-hardened-again "$p")" = "no change" ]
	done
	run -0 verdict "$B" arm64-hardened-again/guest max_overhead.guest
	assert_output --regexp '^(pass|not proven)$'
}

# bats test_tags=slow
@test "boottime arm64: every hardening priced against its twin (slow tier)" {
	local d="$BATS_TEST_TMPDIR/all"
	run "$HB" boottime --run "$HB_ROOT/suites/boottime/boottime_arm64.ini" -o "$d"
	assert_success
	for c in arm64-aslr:arm64-aslr-off arm64-pac:arm64-nopac arm64-mte:arm64-nomte; do
		assert_output --partial "[${c%%:*}] against [${c#*:}]"
	done
	"$HB" boottime --json "$d/first" --confirm "$d/confirm" >"$d.json" || :
	run -0 jq -r '[.comparisons[] | select(.config == "arm64-hardened-again") | .verdict] |
		unique | join(",")' "$d.json"
	assert_output "no change"
}
