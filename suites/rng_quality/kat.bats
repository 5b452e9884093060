#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# rng_quality, known answers: in fixed-seed mode (seed= on the kernel
# command line) the guest's stream must equal the host's RFC 8439 ChaCha20
# and `openssl enc -chacha20` for the same key and counter, byte for byte,
# over 4 MiB: two independent references, so a bug shared by the guest and
# hardboot's own ChaCha20 is still caught.  One boot per test, ~1 s each.
# Exact comparisons: no chance involved, false-failure probability 0.
load ../../test/test_helper

KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f

setup() {
	[ -f "$HB_IMAGES/hardened.elf" ] || skip "images not built (make images)"
	command -v openssl >/dev/null || skip "openssl not installed"
}

kat() {
	"$HB" rng "$1" --accel tcg --kat "${@:2}"
}

@test "kat: the references agree with each other and with RFC 8439 (host unit test)" {
	# The unit test pins hardboot's ChaCha20 to RFC 8439's vectors and to
	# openssl over 1 MiB; here the two references agree on this key too.
	cmp <("$HB" chacha --key "$KEY" --bytes 4M) \
		<(head -c 4M /dev/zero | openssl enc -chacha20 -K "$KEY" \
			-iv 00000000000000000000000000000000)
}

@test "kat: hardened's stream equals both references, its boot self-test passes" {
	run -0 kat hardened
	assert_line --regexp '^ok [0-9]+ - known answer, key 0001.*: the guest.s stream equals RFC 8439 ChaCha20 \(hardboot chacha\) and openssl enc -chacha20, all 4194304 bytes$'
	assert_line --regexp '^ok [0-9]+ - boot: every boot ended done st=pass'
	assert_line --regexp 'seed src=cmdline'
}

@test "kat: another key, 16 MiB" {
	run -0 kat hardened --key c0ffee00deadbeef0123456789abcdeffedcba98765432100f1e2d3c4b5a6978 --bytes 16M
	assert_line --regexp 'equals .* all 16777216 bytes$'
}

@test "kat: rng-badchacha fails here and in its boot self-test" {
	run -1 kat rng-badchacha
	assert_line --regexp '^not ok [0-9]+ - known answer, .* differs from RFC 8439 ChaCha20 \(hardboot chacha\) at byte 0 and from openssl enc -chacha20 at byte 0$'
	assert_line --regexp '^not ok [0-9]+ - boot: rng-badchacha: all 4194304 bytes moved, but done st=fail \(kat=fail\)$'
}

@test "kat: rng-fixedseed ignores seed= as it ignores the hardware seed" {
	run -1 kat rng-fixedseed
	assert_line --regexp '^not ok [0-9]+ - known answer, .* differs from .* at byte 0 '
}

@test "kat: rng-halfseed keeps only 8 of the 32 key bytes of seed=" {
	run -1 kat rng-halfseed
	assert_line --regexp '^not ok [0-9]+ - known answer, .* differs from .* at byte 0 '
}

@test "kat: rng-lcg's stream is not ChaCha20" {
	run -1 kat rng-lcg
	assert_line --regexp '^not ok [0-9]+ - known answer'
}

@test "kat: rng-tsconly takes seed= when given: its flaw is the hardware path only" {
	run -0 kat rng-tsconly
	assert_line --regexp '^ok [0-9]+ - known answer, .* equals '
}

@test "kat: an openssl without chacha20 is a harness error, not a verdict" {
	run -3 kat hardened --openssl /bin/false
	assert_output --partial "harness error: '/bin/false enc -chacha20' gave fewer than"
}
