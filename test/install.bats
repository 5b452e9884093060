#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# make install: the installed program finds its images and suite files
# without the source tree, and says what it is.
load test_helper

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	D="$BATS_TEST_TMPDIR/root"
}

@test "install: DESTDIR and PREFIX; the installed hardboot boots an image by name and a shipped suite" {
	run -0 make -C "$HB_ROOT" -s --no-print-directory install DESTDIR="$D" PREFIX=/opt/hb
	[ -x "$D/opt/hb/bin/hardboot" ]
	[ -f "$D/opt/hb/share/hardboot/images/manifest.json" ]
	[ -f "$D/opt/hb/share/hardboot/suites/main.ini" ]
	# away from the tree, so nothing can be found through it
	cd "$BATS_TEST_TMPDIR"
	run -0 "$D/opt/hb/bin/hardboot" --version
	assert_line --index 2 "images $D/opt/hb/share/hardboot/images, suites $D/opt/hb/share/hardboot/suites"
	run -0 "$D/opt/hb/bin/hardboot" run -o out --boots 2 --accel tcg hardened
	assert_line --regexp '^ok 1 - hardened: 2/2 boots passed'
	run jq -r '.sections[0].image_path' out/run.json
	assert_output "$D/opt/hb/share/hardboot/images/hardened.elf"
	run -0 "$D/opt/hb/bin/hardboot" run -o out2 --section rng-badchacha --boots 1 \
		--accel tcg "$D/opt/hb/share/hardboot/suites/main.ini"
	assert_line --regexp '^ok 1 - rng-badchacha: 1/1 boots as expected \(fail kat\)'
}

@test "version: release, git revision, and the schema and protocol versions" {
	run -0 "$HB" --version
	assert_line --index 0 --regexp '^hardboot [0-9]+\.[0-9]+\.[0-9]+ \(git ([0-9a-f]{40}(-dirty)?|unknown)\)$'
	assert_line --index 1 "results schema 1, metric records schema 2, serial protocol HB1, bulk ring version 1"
	# run.json names the same revision
	run -0 "$HB" run -o "$BATS_TEST_TMPDIR/o" --boots 1 --accel tcg hardened
	rev=$("$HB" --version | sed -n '1s/.*(git \(.*\))$/\1/p')
	run jq -r '.git_revision // "unknown"' "$BATS_TEST_TMPDIR/o/run.json"
	assert_output "$rev"
}
