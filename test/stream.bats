#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# hardboot stream: a guest's keystream out through the bulk ring, checked
# against two independent ChaCha20 references, and every way a stream can
# come up short reported as a failure that names the byte counts.
load test_helper
bats_require_minimum_version 1.5.0

# RFC 8439 test key bytes 00 01 ... 1f: not word-symmetric, so a guest that
# read seed= as 8 little-endian words instead of 32 bytes would show.
KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] ||
		skip "images/build/hardened.elf missing (run 'make images')"
	command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 not installed"
}

# stream ARGS...: TCG, so the tests behave the same with and without KVM.
stream() {
	"$HB" stream --accel tcg "$@"
}

@test "stream: 64 MiB with --key equals hardboot chacha and openssl" {
	local out="$BATS_TEST_TMPDIR"
	run -0 stream hardened --key "$KEY" --bytes 64M -o "$out/guest.bin"
	assert_output --regexp 'hardened: 67108864 bytes to .* MB/s .*accel tcg; seed cmdline'
	[ "$(stat -c %s "$out/guest.bin")" -eq 67108864 ]
	"$HB" chacha --key "$KEY" --bytes 64M >"$out/host.bin"
	head -c 64M /dev/zero |
		openssl enc -chacha20 -K "$KEY" -iv 00000000000000000000000000000000 \
			>"$out/openssl.bin"
	# The references agree with each other first, so a mismatch below is
	# the guest's.
	cmp "$out/host.bin" "$out/openssl.bin"
	cmp "$out/guest.bin" "$out/host.bin"
	cmp "$out/guest.bin" "$out/openssl.bin"
}

@test "stream: the same 64 MiB through a pipe" {
	run -0 bash -c "set -o pipefail; \"\$HB\" stream --accel tcg hardened \
		--key $KEY --bytes 64M | cmp - <(\"\$HB\" chacha --key $KEY --bytes 64M)"
	assert_output --partial 'to stdout'
}

@test "stream: without --key two boots give different streams" {
	local out="$BATS_TEST_TMPDIR"
	run -0 stream hardened --bytes 1M -o "$out/a.bin"
	refute_output --partial 'seed cmdline'
	run -0 stream hardened --bytes 1M -o "$out/b.bin"
	[ "$(stat -c %s "$out/a.bin")" -eq 1048576 ]
	[ "$(stat -c %s "$out/b.bin")" -eq 1048576 ]
	run -1 cmp -s "$out/a.bin" "$out/b.bin"
}

@test "stream: a stream cut by --timeout fails and names the byte counts" {
	# 64 GiB would take an hour under TCG (~12 MB/s): the deadline cuts it.
	# 8 s, not 1: on a loaded host the guest may not reach its ring record
	# within a second, and this test is about a stream cut midway.
	run -1 stream hardened --bytes 64G --sink --timeout 8
	assert_output --regexp 'hardened: short stream: [0-9]+ of 68719476736 bytes moved: timeout after 8 s'
	refute_output --regexp 'MB/s'
}

@test "stream: QEMU killed mid-stream is a failure, reported at once" {
	local log="$BATS_TEST_TMPDIR/err" part="$BATS_TEST_TMPDIR/part.bin"
	local pid qemu st=0
	"$HB" stream --accel tcg hardened --bytes 64G -o "$part" 2>"$log" 3>&- &
	pid=$!
	# Bytes in the output file: the stream is flowing.
	for _ in $(seq 200); do
		[ -s "$part" ] && break
		sleep 0.05
	done
	qemu=$(pgrep -P "$pid" qemu-system)
	kill -KILL "$qemu"
	wait "$pid" || st=$?
	rm -f "$part"
	[ "$st" -eq 1 ]
	run cat "$log"
	assert_output --regexp 'short stream: [0-9]+ of 68719476736 bytes moved: QEMU killed by signal 9'
}

@test "stream: kill -9 of the runner leaves no QEMU behind" {
	local part="$BATS_TEST_TMPDIR/part.bin" pid kids
	"$HB" stream --accel tcg hardened --bytes 64G -o "$part" 2>/dev/null 3>&- &
	pid=$!
	for _ in $(seq 200); do
		[ -s "$part" ] && break
		sleep 0.05
	done
	kids=$(pgrep -P "$pid" | tr '\n' ' ')
	run pgrep -P "$pid" qemu-system
	kill -KILL "$pid"
	wait "$pid" || true
	rm -f "$part"
	assert_success # QEMU was streaming when the runner died
	# Nobody is left to kill its process group: the kernel does it
	# (PR_SET_PDEATHSIG), within moments.
	# shellcheck disable=SC2086 # one PID a word
	run gone_within 5 $kids
	assert_success
}

@test "stream: a reader that goes away is an error, not a success" {
	run -3 bash -c "set -o pipefail; \"\$HB\" stream --accel tcg hardened \
		--bytes 1G | head -c 1M >/dev/null"
	assert_output --regexp 'short stream: [0-9]+ of 1073741824 bytes moved: the reader of stdout went away'
}

@test "stream: a guest that dies before the ring record fails" {
	[ -f "$HB_IMAGES/misbehave.elf" ] || skip "no misbehave image"
	run -1 stream misbehave --append do=crash --bytes 1M --sink
	assert_output --partial 'misbehave: no ring record: QEMU exited'
}

@test "stream: rng-lcg streams too, and its stream is not ChaCha20" {
	local out="$BATS_TEST_TMPDIR"
	[ -f "$HB_IMAGES/rng-lcg.elf" ] || skip "no rng-lcg image"
	run -0 stream rng-lcg --key "$KEY" --bytes 16M -o "$out/lcg.bin"
	assert_output --partial 'rng-lcg: 16777216 bytes'
	[ "$(stat -c %s "$out/lcg.bin")" -eq 16777216 ]
	"$HB" chacha --key "$KEY" --bytes 16M >"$out/host.bin"
	run -1 cmp -s "$out/lcg.bin" "$out/host.bin"
}

@test "stream: --sink measures the guest alone" {
	run -0 stream hardened --bytes 16M --sink
	assert_output --regexp 'hardened: 16777216 bytes to sink in [0-9.]+ s = [0-9.]+ MB/s'
}

@test "stream: a missing image is a usage error that names it" {
	run -2 stream no-such-image --bytes 1M --sink
	assert_output --partial 'no-such-image'
}

@test "stream: bad options are usage errors" {
	run -2 stream hardened --bytes 0 --sink
	run -2 stream hardened --key 1234 --sink
	assert_output --partial '--key'
	run -2 stream hardened --sink -o "$BATS_TEST_TMPDIR/x"
	run -2 stream
	run -2 stream hardened --accel fast
	run -0 "$HB" stream --help
	assert_output --partial '--sink'
}
