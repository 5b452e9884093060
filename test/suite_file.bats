#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# A suite file says one thing once: a section or key given twice is
# refused with file:line, an append the guest cannot hold is refused before
# any boot, and a section name cannot change what TAP or JUnit say.
load test_helper

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	OUT="$BATS_TEST_TMPDIR/out"
	INI="$BATS_TEST_TMPDIR/s.ini"
}

@test "suite file: a section given twice is refused with file:line" {
	printf '[a]\nimage = hardened\n\n[b]\nimage = hardened\n[a]\nboots = 3\n' >"$INI"
	run -2 "$HB" run -o "$OUT" --images "$HB_IMAGES" "$INI"
	assert_output "hardboot: $INI:6: section [a] given twice (first at line 1)"
	[ ! -e "$OUT" ]
}

@test "suite file: a key given twice is refused with file:line" {
	printf '[a]\nimage = hardened\nboots = 2\n# boots = 9\nboots=5\n' >"$INI"
	run -2 "$HB" run -o "$OUT" --images "$HB_IMAGES" "$INI"
	assert_output "hardboot: $INI:5: [a] key 'boots' given twice (first at line 3)"
}

@test "suite file: an append longer than the guest's command line is refused up front" {
	printf '[a]\nimage = hardened\nappend = %s\n' "$(head -c 1009 /dev/zero | tr '\0' x)" >"$INI"
	# the most it holds boots (the guest reads it whole)
	run -0 "$HB" run -o "$OUT.ok" --boots 1 --accel tcg --no-progress --images "$HB_IMAGES" "$INI"
	printf '[a]\nimage = hardened\nappend = %s\n' "$(head -c 1010 /dev/zero | tr '\0' x)" >"$INI"
	run -2 "$HB" run -o "$OUT" --images "$HB_IMAGES" "$INI"
	assert_output "hardboot: $INI: [a] key 'append': 1010 bytes, more than the 1009 the guest's command line holds"
	# 100 MB: refused at once, no run.json of 200 MB first
	{ printf '[a]\nimage = hardened\nappend = '; head -c 100000000 /dev/zero | tr '\0' x; echo; } >"$INI"
	SECONDS=0
	run -2 "$HB" run -o "$OUT" --images "$HB_IMAGES" "$INI"
	[ "$SECONDS" -lt 10 ]
	assert_output "hardboot: $INI: 100000031 bytes, more than a suite file holds (1048576)"
	[ ! -e "$OUT" ]
}

@test "suite file: a section name cannot make TAP or JUnit lie" {
	printf '[bad # TODO x]\nimage = hardened\nexpect = fail kat\nboots = 1\n' >"$INI"
	run -1 "$HB" run -o "$OUT" --accel tcg --no-progress --junit "$BATS_TEST_TMPDIR/j.xml" \
		--images "$HB_IMAGES" "$INI"
	assert_line --regexp '^not ok 1 - bad \\# TODO x: '
	refute_line --regexp '^not ok 1 - bad # TODO'
	grep -q '<failure' "$BATS_TEST_TMPDIR/j.xml"
	grep -q 'name="bad # TODO x' "$BATS_TEST_TMPDIR/j.xml"
}
