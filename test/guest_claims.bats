#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# What a guest may claim in warm mode: a boot ends where the runner saw it
# end, and what the guest does after its done line is charged to that boot,
# not to a phantom next one.  (Transcript-level rules: runner/tests/test_boot.c.)
load test_helper

setup() {
	[ -f "$HB_IMAGES/misbehave.elf" ] || skip "images not built (make images)"
	OUT="$BATS_TEST_TMPDIR/out"
}

@test "warm, guest reset: do=wrongexit after done st=pass is each boot's error, with its console" {
	printf '[w]\nimage = misbehave\nappend = do=wrongexit\nmode = warm\nreset = guest\nboots = 3\n' \
		>"$BATS_TEST_TMPDIR/w.ini"
	run -1 "$HB" run -o "$OUT" --accel tcg --no-progress --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/w.ini"
	run bash -c "jq -r '[.boot, .outcome, .reason, (.console.length > 100)] | @tsv' '$OUT/boots.jsonl' | sort -n"
	assert_output "$(printf '%s\terror\tdone, then QEMU ended (exit 3) instead of a reset\ttrue\n' 0 1 2)"
	run jq -r '.totals.finished, .state' "$OUT/run.json"
	assert_output "$(printf '3\ncomplete')"
}

@test "warm, QMP reset: a guest that makes QEMU exit after done is no infrastructure error" {
	printf '[w]\nimage = misbehave\nappend = do=wrongexit\nmode = warm\nreset = qmp\nboots = 3\n' \
		>"$BATS_TEST_TMPDIR/w.ini"
	run "$HB" run -o "$OUT" --accel tcg --no-progress --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/w.ini"
	refute_output --partial "QMP read"
	[ "$(wc -l <"$OUT/boots.jsonl")" -eq 3 ]
	run jq -r .state "$OUT/run.json"
	assert_output complete
}

# A boundary is a reset the runner saw (QMP RESET) or made, never a line.
@test "warm, guest reset: five transcripts without a reset are no five boots" {
	printf '[w]\nimage = misbehave\nappend = do=replay\nmode = warm\nreset = guest\nboots = 2\n' \
		>"$BATS_TEST_TMPDIR/w.ini"
	run -1 "$HB" run -o "$OUT" --accel tcg --no-progress --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/w.ini"
	run bash -c "jq -r '[.boot, .outcome, .reason] | @tsv' '$OUT/boots.jsonl' | sort -n"
	assert_output "$(printf '%s\terror\tdone, then a new start record without a reset\n' 0 1)"
	run jq -r '.totals.finished, .state' "$OUT/run.json"
	assert_output "$(printf '2\ncomplete')"
}

@test "warm, QMP reset: a transcript printed before the runner's reset is no boot" {
	printf '[w]\nimage = misbehave\nappend = do=replay\nmode = warm\nreset = qmp\nboots = 3\n' \
		>"$BATS_TEST_TMPDIR/w.ini"
	run "$HB" run -o "$OUT" --accel tcg --no-progress --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/w.ini"
	# The runner stops the guest at done: how much of the replay it printed
	# by then is a race, so a boot either passes (stopped before the next
	# start record) or is this error; a replayed transcript (no phase marks)
	# is never a boot of its own.
	[ "$status" -le 1 ]
	[ "$(wc -l <"$OUT/boots.jsonl")" -eq 3 ]
	run jq -r 'select(.outcome != "pass") | .reason' "$OUT/boots.jsonl"
	for r in "${lines[@]}"; do
		[ "$r" = "done, then a new start record without a reset" ] || fail "boot: $r"
	done
}

@test "warm, both resets: a guest that resets after each done passes every boot" {
	for r in guest qmp; do
		printf '[w]\nimage = hardened\nmode = warm\nreset = %s\nboots = 12\n' "$r" >"$BATS_TEST_TMPDIR/$r.ini"
		run -0 "$HB" run -o "$OUT-$r" --accel tcg --no-progress --images "$HB_IMAGES" "$BATS_TEST_TMPDIR/$r.ini"
		run jq -r .outcome "$OUT-$r/boots.jsonl"
		assert_output "$(printf 'pass\n%.0s' $(seq 12) | head -c -1)"
	done
}
