#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# hardboot run --shard i/N and hardboot merge.
load test_helper

FIX="$HB_ROOT/test/fixtures/shard"

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

plan_of() { # DIR -> "section:boot" lines, sorted
	jq -r '"\(.section):\(.boot)"' "$1/boots.jsonl" | sort
}

@test "shard: N shards as separate processes merge into the unsharded plan" {
	for i in 1 2 3; do
		"$HB" run -o "$BATS_TEST_TMPDIR/s$i" --shard "$i/3" "$FIX/suite.ini" \
			>/dev/null 2>&1 3>&- &
	done
	wait
	"$HB" run -o "$BATS_TEST_TMPDIR/whole" "$FIX/suite.ini" >/dev/null 2>&1
	run -0 "$HB" merge -o "$BATS_TEST_TMPDIR/m" "$BATS_TEST_TMPDIR"/s3 \
		"$BATS_TEST_TMPDIR"/s1 "$BATS_TEST_TMPDIR"/s2
	[ "$(plan_of "$BATS_TEST_TMPDIR/m")" = "$(plan_of "$BATS_TEST_TMPDIR/whole")" ]
	[ "$(plan_of "$BATS_TEST_TMPDIR/m" | wc -l)" -eq 18 ]
	# Each shard ran part of it, with no boot twice.
	[ "$(cat "$BATS_TEST_TMPDIR"/s?/boots.jsonl | wc -l)" -eq 18 ]
	# The A/B pair never split across shards.
	run bash -c "grep -l '\"section\":\"ab-' $BATS_TEST_TMPDIR/s?/boots.jsonl | wc -l"
	assert_output 1
	run jq -r '.state, (.sections | length), (.merged_from | length)' "$BATS_TEST_TMPDIR/m/run.json"
	assert_output "$(printf 'merged\n4\n3')"
	run jq -r 'select(.subject == "a") | .n' "$BATS_TEST_TMPDIR/m/metrics.jsonl"
	assert_output 7
}

@test "shard: merge refuses missing, repeated and foreign shards" {
	"$HB" run -o "$BATS_TEST_TMPDIR/s1" --shard 1/2 "$FIX/suite.ini" >/dev/null 2>&1
	"$HB" run -o "$BATS_TEST_TMPDIR/s2" --shard 2/2 "$FIX/suite.ini" >/dev/null 2>&1
	sed 's/boots = 7/boots = 8/' "$FIX/suite.ini" >"$BATS_TEST_TMPDIR/other.ini"
	"$HB" run -o "$BATS_TEST_TMPDIR/o2" --shard 2/2 "$BATS_TEST_TMPDIR/other.ini" >/dev/null 2>&1
	run -2 "$HB" merge -o "$BATS_TEST_TMPDIR/m" "$BATS_TEST_TMPDIR/s1"
	assert_output --partial "shard 2/2 is missing"
	run -2 "$HB" merge -o "$BATS_TEST_TMPDIR/m" "$BATS_TEST_TMPDIR/s1" "$BATS_TEST_TMPDIR/s1"
	assert_output --partial "shard 1/2 given twice"
	run -2 "$HB" merge -o "$BATS_TEST_TMPDIR/m" "$BATS_TEST_TMPDIR/s1" "$BATS_TEST_TMPDIR/o2"
	assert_output --partial "o2: shard of a different suite file"
	jq '.git_revision = "0000000"' "$BATS_TEST_TMPDIR/s2/run.json" >"$BATS_TEST_TMPDIR/r.json"
	mv "$BATS_TEST_TMPDIR/r.json" "$BATS_TEST_TMPDIR/s2/run.json"
	run -2 "$HB" merge -o "$BATS_TEST_TMPDIR/m" "$BATS_TEST_TMPDIR/s1" "$BATS_TEST_TMPDIR/s2"
	assert_output --partial "s2: shard of a different revision"
	[ ! -e "$BATS_TEST_TMPDIR/m" ]
}

@test "shard: a bad --shard value is a usage error" {
	run -2 "$HB" run --shard 3/2 "$FIX/suite.ini"
	assert_output --partial "--shard: '3/2' is not i/N"
	run -2 "$HB" run --shard 0/2 "$FIX/suite.ini"
	run -2 "$HB" run --shard x "$FIX/suite.ini"
}

@test "merge: shards run with different --boots are refused; totals are the run's, summed" {
	local d="$BATS_TEST_TMPDIR"
	"$HB" run -o "$d/a1" --boots 3 --shard 1/2 --accel tcg hardened >/dev/null 2>&1 || true
	"$HB" run -o "$d/a2" --boots 4 --shard 2/2 --accel tcg hardened >/dev/null 2>&1 || true
	run -2 "$HB" merge -o "$d/m" "$d/a1" "$d/a2"
	assert_output --partial "$d/a2: shard of a different plan: section [hardened] section_boots 4, not 3"
	"$HB" run -o "$d/b2" --boots 3 --shard 2/2 --accel tcg hardened >/dev/null 2>&1 || true
	run -0 "$HB" merge -o "$d/m" "$d/a1" "$d/b2"
	run jq -r '.totals.planned, .totals.finished, .sections[0].finished' "$d/m/run.json"
	assert_output "$(printf '3\n3\n3')"
}

@test "merge: shards of a run given images, not a suite file, merge" {
	local d="$BATS_TEST_TMPDIR"
	"$HB" run --boots 4 --shard 1/2 -o "$d/s0" --accel tcg "$HB_IMAGES/hardened.elf" >/dev/null 2>&1 || true
	"$HB" run --boots 4 --shard 2/2 -o "$d/s1" --accel tcg "$HB_IMAGES/hardened.elf" >/dev/null 2>&1 || true
	run -0 "$HB" merge -o "$d/m" "$d/s0" "$d/s1"
	[ "$(wc -l <"$d/m/boots.jsonl")" -eq 4 ]
	run jq -r '.totals.finished' "$d/m/run.json"
	assert_output 4
}
