#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# No child outlives a runner killed outright (kill -9: no handler runs,
# nobody kills the process groups): QEMU, dieharder and whatever else the
# runner started die with it, by PR_SET_PDEATHSIG, in every mode.
load test_helper

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
}

# descendants PID: every process below PID, one a line.
descendants() {
	local k
	for k in $(pgrep -P "$1"); do
		echo "$k"
		descendants "$k"
	done
}

# kill9_leaves_none WHAT CMD...: start CMD, wait until a process named
# WHAT runs below it, kill -9 the runner, and fail naming any child left.
kill9_leaves_none() {
	local what="$1" pid kids="" i k
	shift
	"$@" >/dev/null 2>&1 3>&- &
	pid=$!
	for i in $(seq 300); do
		for k in $(descendants "$pid"); do
			grep -qs "^$what" "/proc/$k/comm" && break 2
		done
		sleep 0.1
	done
	[ "$i" -lt 300 ] || { echo "no $what started below $pid"; return 1; }
	sleep 0.5 # well into the boots, not at a fork
	kids=$(descendants "$pid" | tr '\n' ' ')
	kill -KILL "$pid"
	wait "$pid" || true
	# shellcheck disable=SC2086 # one PID a word
	gone_within 5 $kids
}

@test "kill -9: cold mode leaves no QEMU" {
	run -0 kill9_leaves_none qemu-system "$HB" run -o "$BATS_TEST_TMPDIR/o" --boots 100000 \
		--mode cold --accel tcg --no-progress -j 2 hardened
}

@test "kill -9: warm mode leaves no QEMU" {
	run -0 kill9_leaves_none qemu-system "$HB" run -o "$BATS_TEST_TMPDIR/o" --boots 100000 \
		--mode warm --accel tcg --no-progress -j 2 hardened
}

@test "kill -9: stream mode leaves no QEMU" {
	run -0 kill9_leaves_none qemu-system "$HB" stream --accel tcg hardened --bytes 64G \
		-o "$BATS_TEST_TMPDIR/s.bin"
}

@test "kill -9: rng mode leaves neither QEMU nor dieharder" {
	command -v dieharder >/dev/null || skip "dieharder not installed"
	run -0 kill9_leaves_none dieharder "$HB" rng hardened --accel tcg --battery nightly
}

@test "kill -9: boottime --run leaves no QEMU" {
	run -0 kill9_leaves_none qemu-system "$HB" boottime --run "$HB_ROOT/suites/boottime/cold.ini" \
		--accel tcg --boots 100000 --images "$HB_IMAGES" -o "$BATS_TEST_TMPDIR/bt"
}

@test "sandbox: QEMU runs under seccomp; run.json says so, and why it keeps the runner's user" {
	local out="$BATS_TEST_TMPDIR/o" pid q="" i
	"$HB" run -o "$out" --boots 100000 --mode warm --accel tcg --no-progress -j 1 hardened \
		>/dev/null 2>&1 3>&- &
	pid=$!
	for i in $(seq 300); do
		[ -s "$out/boots.jsonl" ] && break
		sleep 0.1
	done
	sleep 0.5
	q=$(pgrep -P "$pid" qemu-system) # the warm QEMU, not a probe
	run grep -E '^(Uid|Seccomp):' "/proc/$q/status"
	kill -TERM "$pid"
	wait "$pid" || true
	assert_line --regexp '^Seccomp:[[:space:]]+2$'
	# QEMU keeps the runner's user: a change of user clears the death signal
	assert_line --regexp "^Uid:[[:space:]]+$(id -u)[[:space:]]"
	run jq -r '.sections[0].sandbox | [.seccomp, .user, .user_why] | @tsv' "$out/run.json"
	assert_output --partial "$(printf 'on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny\t%s\tQEMU keeps the runner' "$(id -un)")"
}
