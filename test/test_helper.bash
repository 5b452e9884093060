# SPDX-License-Identifier: GPL-3.0-or-later
# Shared setup for hardboot's Bats tests: `load test_helper` (or
# `load ../../test/test_helper` from suites/*/).
# shellcheck shell=bash

bats_require_minimum_version 1.5.0

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

HB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export HB_ROOT
HB="${HB:-$HB_ROOT/build/hardboot}"
export HB
HB_IMAGES="$HB_ROOT/images/build"
export HB_IMAGES
HB_FIXTURES="$HB_ROOT/test/fixtures"
export HB_FIXTURES

# The fast reference QEMU line of FIELD.md, for tests that boot an image
# directly (not through the runner).
# shellcheck disable=SC2054 # commas belong to QEMU option values
HB_QEMU_MICROVM=(qemu-system-x86_64 -nodefaults -no-user-config -display none
	-no-reboot -M microvm,x-option-roms=off,pit=off,pic=off,rtc=off,acpi=off
	-accel tcg -cpu max -m 16M -serial stdio
	-device isa-debug-exit,iobase=0xf4,iosize=4)

# qemu_boot IMAGE [CMDLINE [EXTRA QEMU ARGS...]]: one TCG boot, serial on
# stdout, at most 20 s.
qemu_boot() {
	local img="$1" cmdline="${2:-}"
	shift 2 || shift $#
	timeout 20 "${HB_QEMU_MICROVM[@]}" -kernel "$HB_IMAGES/$img.elf" \
		${cmdline:+-append "$cmdline"} "$@" </dev/null
}

# kvm_or_skip: KVM tests skip with a reason where /dev/kvm is absent.
kvm_or_skip() {
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		skip "/dev/kvm absent or not accessible"
	fi
}

# jsonl_field FILE JQ_FILTER: print a jq filter over every line.
jsonl_field() {
	jq -r "$2" "$1"
}

# kvm_standin CMD...: run CMD as on a host with the paravirtual KVM of
# shared/FIELD.md, on a machine without /dev/kvm: in a mount namespace of
# its own, /dev/kvm opens (it is /dev/null there), /sys/module lists
# kvm_pvm, and the QEMU on PATH is
# test/fixtures/kvm/qemu-system-x86_64, which fails -cpu max under
# -accel kvm exactly as QEMU 7.2 does on that host and runs everything
# else under TCG.  Needs root (unshare -m); skips otherwise.
kvm_standin() {
	[ "$(id -u)" = 0 ] || skip "kvm_standin needs root for a mount namespace"
	command -v unshare >/dev/null || skip "unshare (util-linux) not installed"
	local old="$BATS_TEST_TMPDIR/olddev" real
	real=$(command -v qemu-system-x86_64) || skip "qemu-system-x86_64 not installed"
	mkdir -p "$old"
	# shellcheck disable=SC2016 # expanded by the inner bash
	PATH="$HB_FIXTURES/kvm:$PATH" HB_REAL_QEMU="$real" \
		unshare -m -- bash -c '
		old=$1; shift
		mount --make-rprivate / && mount --rbind /dev "$old" &&
			mount -t tmpfs hb-dev /dev || exit 97
		for e in "$old"/*; do ln -s "$e" /dev/; done
		ln -sf "$old/null" /dev/kvm
		mkdir -p "$old.mod/kvm_pvm" && mount --bind "$old.mod" /sys/module || exit 97
		exec "$@"' kvm_standin "$old" "$@"
}

# suite_result NAME: run `hardboot suite NAME` once per bats run (the
# product reuses boots of the same plan; this keeps the analyses' output
# too, so a suite's .bats files share one run) and print its folder,
# which holds the suite's results directory (run.json, boots.jsonl,
# metrics.jsonl with the verdicts) and suite.tap, its TAP.  Exit status 2
# or 3 of the suite fails the caller with the TAP on stderr.
HB_SUITE_OUT="${HB_SUITE_OUT:-${BATS_RUN_TMPDIR:-/tmp}/suites}"
suite_result() {
	local arg="$1" out="$HB_SUITE_OUT" rc=0 name
	# a suite name, or a suite file whose [suite] name is its base name
	name=$(basename "$arg" .ini)
	mkdir -p "$out"
	(
		flock 9
		[ -f "$out/$name.rc" ] && exit 0
		"$HB" suite "$arg" -o "$out" --no-progress >"$out/$name.tap" 2>"$out/$name.err"
		echo $? >"$out/$name.rc"
	) 9>"$out/.$name.bats.lock" 3>&- || rc=$?
	if [ "$rc" -ne 0 ] || [ "$(cat "$out/$name.rc")" -ge 2 ]; then
		cat "$out/$name.tap" "$out/$name.err" >&2
		return 1
	fi
	echo "$out/$name"
}

# verdict SUITE_DIR SUBJECT POLICY: "pass", "fail", "not proven" or "skip",
# and "expected" after a failure the section expects.
verdict() {
	jq -r --arg s "$2" --arg p "$3" 'select(.metric == "policy_verdict" and
		.subject == $s and .policy == $p) |
		.verdict + (if .expected then " expected" else "" end)' "$1/metrics.jsonl"
}

# verdicts_of SUITE_DIR SECTION: "POLICY SUBJECT VERDICT" of every verdict
# of the section that is not a pass, sorted.
verdicts_of() {
	jq -r --arg s "$2" 'select(.metric == "policy_verdict" and .section == $s and
		.verdict != "pass") | "\(.policy) \(.subject) \(.verdict)" +
		(if .expected then " expected" else "" end)' "$1/metrics.jsonl" | sort
}

# section_boots DIR SECTION FILTER: jq FILTER over the section's boots, one
# line each (compact).
section_boots() {
	jq -c --arg s "$2" "select(.section == \$s) | $3" "$1/boots.jsonl"
}

# skip_if_skipped DIR SECTION: SKIP the calling test with the runner's
# reason when the run skipped the section (no CET in this QEMU or CPU, no
# /dev/kvm, ...).
skip_if_skipped() {
	local why
	why=$(jq -r --arg s "$2" '.sections[] | select(.name == $s) | .skip // empty' "$1/run.json")
	if [ -n "$why" ]; then
		skip "$why"
	fi
}

# gone_within SECONDS PID...: wait until none of PIDS runs any more.  A
# zombie (it has exited; whoever adopted it has not reaped it yet) counts
# as gone.  Fails naming those still running.
gone_within() {
	local tenths=$(($1 * 10)) p left
	shift
	for _ in $(seq "$tenths"); do
		left=""
		for p in "$@"; do
			if [ -e "/proc/$p" ] &&
				! grep -q '^State:[[:space:]]*Z' "/proc/$p/status" 2>/dev/null; then
				left="$left $p"
			fi
		done
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	for p in $left; do
		echo "still running after ${tenths}00 ms: $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)"
	done
	return 1
}
