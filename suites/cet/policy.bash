# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash disable=SC2034 # names are read by the .bats files
# The CET suite's policy helpers (suites/cet/README.md), loaded by every .bats file
# of suites/cet after test_helper.
#
# Every verdict here is deterministic: a page is NX or not, a payload ends
# in one handler or another.  A test fails by chance only if QEMU itself
# fails to boot an image, which the runner reports as an error, not as a
# property of the image: P(false failure) is that of a broken host, not a
# statistical risk, so no threshold needs a bound.
#
# HB_CET_QEMU=PATH: a QEMU that exposes shadow stacks and IBT (with KVM on
# a CET CPU): the requires = cet sections then run instead of SKIP.
# HB_CET_RESULTS=DIR: keep the suite's results there (default: one run per
# bats invocation, shared by the files).

CET_SUITE="$HB_ROOT/suites/cet"
CET_RESULTS="${HB_CET_RESULTS:-${BATS_RUN_TMPDIR:-/tmp}/cet}"

# The suite file, with HB_CET_QEMU as every section's QEMU when it is set.
cet_ini() {
	if [ -z "${HB_CET_QEMU:-}" ]; then
		echo "$CET_SUITE/cet.ini"
		return
	fi
	mkdir -p "$CET_RESULTS"
	sed "s|^\[defaults\]$|[defaults]\nqemu = $HB_CET_QEMU|" "$CET_SUITE/cet.ini" \
		>"$CET_RESULTS/cet.ini"
	echo "$CET_RESULTS/cet.ini"
}

# cet_run: run the whole suite once (per bats run or HB_CET_RESULTS) and
# print its results directory.  The payload sections fail by design, so
# exit status 1 is the normal end; 2 and 3 are errors and print the TAP.
cet_run() {
	local out="$CET_RESULTS/run" rc=0 ini
	ini=$(cet_ini)
	mkdir -p "$CET_RESULTS"
	(
		flock 9
		if [ -f "$out/run.json" ] &&
			[ "$(jq -r .state "$out/run.json")" = complete ]; then
			exit 0
		fi
		rm -rf "$out"
		"$HB" run -o "$out" --no-progress --no-console "$ini" \
			>"$CET_RESULTS/run.tap" 2>&1
		rc=$?
		[ "$rc" -le 1 ] || exit "$rc"
	) 9>"$CET_RESULTS/run.lock" 3>&- || rc=$?
	if [ "$rc" -ne 0 ]; then
		cat "$CET_RESULTS/run.tap" >&2
		return "$rc"
	fi
	echo "$out"
}

# cet_boots DIR SECTION FILTER: jq FILTER over the section's boots, one
# line each (compact).
cet_boots() {
	jq -c --arg s "$2" "select(.section == \$s) | $3" "$1/boots.jsonl"
}

# cet_require DIR SECTION: SKIP the calling test with the runner's reason
# when the section was skipped (no CET in this QEMU or CPU).
cet_require() {
	local why
	why=$(jq -r --arg s "$2" '.sections[] | select(.name == $s) | .skip // empty' \
		"$1/run.json")
	if [ -n "$why" ]; then
		skip "$why"
	fi
}

# cet_checks DIR SECTION: the in-guest checks of every boot, e.g.
# {"kat":"pass","fresh":"pass","canary":"fail"}
cet_checks() {
	cet_boots "$1" "$2" '.checks'
}
