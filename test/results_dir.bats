#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# A results directory holds one run: created by it, locked while it writes,
# and read back only when every line and run.json are of the schema this
# hardboot knows, each boot once, every field of its type.
load test_helper

FX="$HB_ROOT/test/fixtures/entropy/fx"

setup() {
	D="$BATS_TEST_TMPDIR/r"
	cp -r "$FX" "$D"
}

@test "results dir: a second run into an existing -o is refused, naming it; the first run's lines kept" {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	OUT="$BATS_TEST_TMPDIR/out"
	run -0 "$HB" run -o "$OUT" --boots 2 --accel tcg --no-progress hardened
	run -2 "$HB" run -o "$OUT" --boots 2 --accel tcg --no-progress hardened
	assert_output --partial "results dir $OUT exists: a run writes a directory of its own"
	[ "$(wc -l < "$OUT/boots.jsonl")" -eq 2 ]
	run jq -r .state "$OUT/run.json"
	assert_output complete
}

@test "results dir: of two runs started together into one -o, one runs and one is refused" {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	OUT="$BATS_TEST_TMPDIR/out"
	"$HB" run -o "$OUT" --boots 3 --accel tcg --no-progress hardened >"$BATS_TEST_TMPDIR/1" 2>&1 &
	p1=$!
	"$HB" run -o "$OUT" --boots 3 --accel tcg --no-progress hardened >"$BATS_TEST_TMPDIR/2" 2>&1 &
	p2=$!
	r1=0 r2=0
	wait $p1 || r1=$?
	wait $p2 || r2=$?
	[ "$((r1 + r2))" -eq 2 ]
	[ "$(jq -r .boot "$OUT/boots.jsonl" | sort | uniq -d | wc -l)" -eq 0 ]
	[ "$(wc -l < "$OUT/boots.jsonl")" -eq 3 ]
}

@test "results dir: readers refuse a directory a run holds locked" {
	flock -x "$D" sleep 5 &
	sleep 0.5
	run -2 "$HB" entropy "$D"
	assert_output --partial "$D is being written by a run (locked)"
	kill %1 2>/dev/null || true
}

@test "readers: a boot line of schema 2 or without v is refused with file:line" {
	sed -i '3s/"v":1/"v":2/' "$D/boots.jsonl"
	run -2 "$HB" entropy "$D"
	assert_output "hardboot entropy: $D/boots.jsonl:3: boot record schema 2, this hardboot reads 1"
	cp "$FX/boots.jsonl" "$D/boots.jsonl"
	sed -i '7s/"v":1,//' "$D/boots.jsonl"
	run -2 "$HB" keying "$D"
	assert_output --partial "$D/boots.jsonl:7: boot record without a schema version"
}

@test "readers: run.json of another schema or none is refused" {
	sed -i 's/"schema":1/"schema":2/' "$D/run.json"
	run -2 "$HB" entropy "$D"
	assert_output "hardboot entropy: $D/run.json: schema 2, this hardboot reads 1"
	sed -i 's/"schema":2,//' "$D/run.json"
	run -2 "$HB" entropy "$D"
	assert_output --partial "$D/run.json: no schema version"
}

@test "readers: the same (section, boot) twice is refused" {
	head -1 "$FX/boots.jsonl" >>"$D/boots.jsonl"
	run -2 "$HB" entropy "$D"
	assert_output "hardboot entropy: $D/boots.jsonl:242: section fx boot 0 recorded twice (two runs in one directory?)"
}

@test "readers: a field of the wrong type is named, not dropped from one region" {
	sed -i '5s/"stack":"0x[0-9a-f]*"/"stack":5/' "$D/boots.jsonl"
	run -2 "$HB" entropy "$D"
	assert_output "hardboot entropy: $D/boots.jsonl:5: section fx boot 4: addr.stack is not a hex address string"
	cp "$FX/boots.jsonl" "$D/boots.jsonl"
	sed -i '9s/"canary":"[0-9a-f]*"/"canary":"zz"/' "$D/boots.jsonl"
	run -2 "$HB" entropy "$D"
	assert_output --partial "$D/boots.jsonl:9: section fx boot 8: secret.canary is not a hex string"
}

# shellcheck disable=SC2154 # $stderr is set by run --separate-stderr
@test "readers: a torn last line is reported and skipped, the whole lines read" {
	printf '{"v":1,"section":"fx","boo' >>"$D/boots.jsonl"
	run -0 --separate-stderr "$HB" entropy "$D"
	[ "$stderr" = "hardboot: warning: $D/boots.jsonl:242: torn last line (26 bytes, no newline; a run killed mid-write?) skipped" ]
	assert_output --partial "240 of 241 boots passed"
}

@test "keying: an empty results directory is a usage error, exit 2, like entropy" {
	mkdir "$BATS_TEST_TMPDIR/e"
	: >"$BATS_TEST_TMPDIR/e/boots.jsonl"
	run -2 "$HB" keying "$BATS_TEST_TMPDIR/e"
	assert_output "hardboot keying: no sections in the results"
	run -2 "$HB" entropy "$BATS_TEST_TMPDIR/e"
	assert_output "hardboot entropy: no sections in the results"
}
