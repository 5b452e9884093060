#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# No child outlives a runner killed outright (kill -9: no handler runs,
# nobody kills the process groups): QEMU, dieharder and whatever else the
# runner started die with it, by PR_SET_PDEATHSIG, in every mode.
load test_helper

# The images in a directory any user can read (a checkout may sit below
# a directory only root can enter), so that a root runner drops QEMU to
# nobody here wherever the tree is.
setup_file() {
	PUB=$(mktemp -d /tmp/hb-pub.XXXXXX)
	chmod 755 "$PUB"
	cp -p "$HB_IMAGES"/*.elf "$HB_IMAGES"/*.json "$PUB/" 2>/dev/null || true
	chmod 644 "$PUB"/*
	export PUB
}

teardown_file() {
	rm -rf "$PUB"
}

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	export HARDBOOT_IMAGES="$PUB"
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
	local what="$1" pid kids="" i k uid
	shift
	"$@" >/dev/null 2>&1 3>&- &
	pid=$!
	for i in $(seq 300); do
		for k in $(descendants "$pid"); do
			# a booting QEMU, not a `qemu -version` probe of the binary
			grep -qs "^$what" "/proc/$k/comm" &&
				{ [ "$what" != qemu-system ] ||
					tr '\0' ' ' <"/proc/$k/cmdline" 2>/dev/null | grep -q -- ' -kernel '; } &&
				break 2
		done
		sleep 0.1
	done
	[ "$i" -lt 300 ] || { echo "no $what started below $pid"; return 1; }
	# a root runner's QEMU is nobody's: the death signal must survive that
	# (a cold boot's QEMU may be gone already: then nothing to look at)
	uid=$(awk '/^Uid:/ { print $2 }' "/proc/$k/status" 2>/dev/null)
	if [ "$what" = qemu-system ] && [ "$(id -u)" -eq 0 ] && [ -n "$uid" ] &&
		[ "$uid" != "$(id -u nobody)" ]; then
		echo "QEMU $k runs as uid $uid, not nobody"
		return 1
	fi
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
		--accel tcg --boots 100000 --images "$PUB" -o "$BATS_TEST_TMPDIR/bt"
}

# qemu_status OUT: start a warm run into OUT, print the Uid and Seccomp
# lines of its QEMU's /proc status, stop the run.
qemu_status() {
	local out="$1" pid q="" i
	"$HB" run -o "$out" --boots 100000 --mode warm --accel tcg --no-progress -j 1 hardened \
		>/dev/null 2>&1 3>&- &
	pid=$!
	for i in $(seq 300); do
		[ -s "$out/boots.jsonl" ] && break
		sleep 0.1
	done
	sleep 0.5
	q=$(pgrep -P "$pid" qemu-system) # the warm QEMU, not a probe
	grep -E '^(Uid|Seccomp):' "/proc/$q/status"
	kill -TERM "$pid"
	wait "$pid" || true
}

@test "sandbox: QEMU runs under seccomp as nobody, and run.json says so" {
	[ "$(id -u)" -eq 0 ] || skip "the runner is not root: QEMU keeps its user"
	run -0 qemu_status "$BATS_TEST_TMPDIR/o"
	assert_line --regexp '^Seccomp:[[:space:]]+2$'
	assert_line --regexp "^Uid:[[:space:]]+$(id -u nobody)[[:space:]]+$(id -u nobody)[[:space:]]"
	run jq -r '.sections[0].sandbox | [.seccomp, .user, .user_why // "-"] | @tsv' \
		"$BATS_TEST_TMPDIR/o/run.json"
	assert_output "$(printf 'on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny\tnobody\t-')"
}

@test "sandbox: an image nobody may read keeps QEMU root, and run.json names the image" {
	[ "$(id -u)" -eq 0 ] || skip "the runner is not root: QEMU keeps its user"
	chmod 600 "$PUB/hardened.elf"
	run -0 qemu_status "$BATS_TEST_TMPDIR/o"
	chmod 644 "$PUB/hardened.elf"
	assert_line --regexp '^Uid:[[:space:]]+0[[:space:]]'
	run jq -r '.sections[0].sandbox | [.user, .user_why] | @tsv' "$BATS_TEST_TMPDIR/o/run.json"
	assert_output "$(printf 'root\tQEMU keeps root: nobody cannot read %s/hardened.elf' "$PUB")"
}
