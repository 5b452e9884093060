/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ChaCha20 against RFC 8439's vectors, against OpenSSL's chacha20 over a
 * megabyte (including the 2^32-block counter carry), and for stream
 * continuity under every awkward read split.  Ends with a throughput figure.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chacha.h"
#include "unit.h"

/* Hex string (whitespace ignored) into bytes; returns the count. */
static size_t unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	int hi = -1;

	for (; *s; s++) {
		int v;

		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
		} else if (n < max) {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return n;
}

static void key_words(const uint8_t key[32], uint32_t w[8])
{
	for (int i = 0; i < 8; i++)
		w[i] = (uint32_t)key[4 * i] | (uint32_t)key[4 * i + 1] << 8 |
		       (uint32_t)key[4 * i + 2] << 16 |
		       (uint32_t)key[4 * i + 3] << 24;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define KEY_SEQ "000102030405060708090a0b0c0d0e0f" \
		"101112131415161718191a1b1c1d1e1f"

/* RFC 8439 2.1.1 and 2.2.1. */
static void test_quarter(void)
{
	uint32_t x[16] = { 0x11111111, 0x01020304, 0x9b8d6f43, 0x01234567 };
	uint32_t s[16] = {
		0x879531e0, 0xc5ecf37d, 0x516461b1, 0xc9a62f8a,
		0x44c20ef3, 0x3390af7f, 0xd9fc690b, 0x2a5f714c,
		0x53372767, 0xb00a5631, 0x974c541a, 0x359e9963,
		0x5c971061, 0x3d631689, 0x2098d9d6, 0x91dbd320,
	};
	static const uint32_t s_want[16] = {
		0x879531e0, 0xc5ecf37d, 0xbdb886dc, 0xc9a62f8a,
		0x44c20ef3, 0x3390af7f, 0xd9fc690b, 0xcfacafd2,
		0xe46bea80, 0xb00a5631, 0x974c541a, 0x359e9963,
		0x5c971061, 0xccc07c79, 0x2098d9d6, 0x91dbd320,
	};

	chacha_quarter(x, 0, 1, 2, 3);
	unit_ok(x[0] == 0xea2a92f4 && x[1] == 0xcb1cf8ce &&
			x[2] == 0x4581472e && x[3] == 0x5881c4bb,
		"RFC 8439 2.1.1 quarter round");
	chacha_quarter(s, 2, 7, 8, 13);
	unit_ok(!memcmp(s, s_want, sizeof(s)),
		"RFC 8439 2.2.1 quarter round on a state");
}

/* RFC 8439 2.3.2 and Appendix A.1 #1-#4: one block each. */
static const struct {
	const char *name, *key;
	uint32_t counter, nonce[3];
	const char *out;
} block_vec[] = {
	{ "RFC 8439 2.3.2 block", KEY_SEQ, 1, { 0x09000000, 0x4a000000, 0 },
	  "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
	  "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e" },
	{ "RFC 8439 A.1 #1", "00", 0, { 0, 0, 0 },
	  "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
	  "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586" },
	{ "RFC 8439 A.1 #2", "00", 1, { 0, 0, 0 },
	  "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
	  "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f" },
	{ "RFC 8439 A.1 #3",
	  "0000000000000000000000000000000000000000000000000000000000000001",
	  1, { 0, 0, 0 },
	  "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
	  "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0" },
	{ "RFC 8439 A.1 #4", "00ff", 2, { 0, 0, 0 },
	  "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca"
	  "13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096" },
};

static void test_blocks(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(block_vec); i++) {
		uint8_t key[32] = { 0 }, want[64], got[64];
		uint32_t kw[8];

		unhex(block_vec[i].key, key, sizeof(key));
		unhex(block_vec[i].out, want, sizeof(want));
		key_words(key, kw);
		chacha20_block(kw, block_vec[i].counter, block_vec[i].nonce, got);
		unit_ok(!memcmp(got, want, 64), "%s", block_vec[i].name);
	}
}

/* RFC 8439 2.4.2: encryption is plaintext xor keystream from counter 1. */
static void test_encrypt(void)
{
	static const char plain[] =
		"Ladies and Gentlemen of the class of '99: If I could offer "
		"you only one tip for the future, sunscreen would be it.";
	static const char cipher_hex[] =
		"6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
		"f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
		"07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
		"5af90bbf74a35be6b40b8eedf2785e42874d";
	static const uint32_t nonce[3] = { 0, 0x4a000000, 0 };
	uint8_t key[32], want[sizeof(plain)], got[sizeof(plain)], ks[64];
	uint32_t kw[8];
	size_t n = sizeof(plain) - 1;

	unhex(KEY_SEQ, key, sizeof(key));
	key_words(key, kw);
	unit_ok(unhex(cipher_hex, want, sizeof(want)) == n,
		"RFC 8439 2.4.2 vector is %zu bytes", n);
	for (size_t i = 0; i < n; i++) {
		if (i % 64 == 0)
			chacha20_block(kw, 1 + (uint32_t)(i / 64), nonce, ks);
		got[i] = (uint8_t)plain[i] ^ ks[i % 64];
	}
	unit_ok(!memcmp(got, want, n), "RFC 8439 2.4.2 encryption");
}

static const struct {
	const char *name, *hex;
	int rc;
} key_vec[] = {
	{ "lower case", KEY_SEQ, 0 },
	{ "upper case", "000102030405060708090A0B0C0D0E0F"
			"101112131415161718191A1B1C1D1E1F", 0 },
	{ "63 digits", "00010203040506070809000102030405"
		       "0607080900010203040506070809000", -EINVAL },
	{ "65 digits", KEY_SEQ "0", -EINVAL },
	{ "trailing newline", KEY_SEQ "\n", -EINVAL },
	{ "non-hex digit", "g00102030405060708090a0b0c0d0e0f"
			   "101112131415161718191a1b1c1d1e1", -EINVAL },
	{ "0x prefix", "0x0102030405060708090a0b0c0d0e0f"
		       "101112131415161718191a1b1c1d1e1f", -EINVAL },
	{ "inner space", "00010203040506070809 a0b0c0d0e0f"
			 "101112131415161718191a1b1c1d1e1f", -EINVAL },
	{ "empty", "", -EINVAL },
	{ "NULL", NULL, -EINVAL },
};

static void test_parse(void)
{
	static const char words[] = "03020100070605040b0a09080f0e0d0c"
				    "13121110171615141b1a19181f1e1d1c";
	uint8_t seq[32], key[32];

	for (int i = 0; i < 32; i++)
		seq[i] = (uint8_t)i;
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(key_vec); i++) {
		int rc;

		memset(key, 0xaa, sizeof(key));
		rc = chacha_parse_key(key_vec[i].hex, key);
		unit_ok(rc == key_vec[i].rc &&
				(rc || !memcmp(key, seq, 32)) &&
				(!rc || key[0] == 0xaa),
			"chacha_parse_key %s -> %d", key_vec[i].name, rc);
		memset(key, 0xaa, sizeof(key));
		rc = chacha_key_from_words(key_vec[i].hex, key);
		unit_ok(rc == key_vec[i].rc && (!rc || key[0] == 0xaa),
			"chacha_key_from_words %s -> %d", key_vec[i].name, rc);
	}
	unit_ok(chacha_key_from_words(words, key) == 0 &&
			!memcmp(key, seq, 32),
		"seed words 03020100 07060504 ... are key bytes 00 01 02 ...");
}

/* Blocks [first, first + n/64) built one by one with chacha20_block. */
static void reference(const uint8_t key[32], uint64_t first, uint8_t *out,
		      size_t n)
{
	uint32_t kw[8];

	key_words(key, kw);
	for (size_t i = 0; i < n / 64; i++) {
		uint64_t b = first + i;
		const uint32_t nonce[3] = { (uint32_t)(b >> 32), 0, 0 };

		chacha20_block(kw, (uint32_t)b, nonce, out + 64 * i);
	}
}

/* Any sequence of read sizes must yield the same bytes. */
static void test_continuity(void)
{
	static const size_t splits[] = { 1, 3, 63, 64, 65, 127, 255, 256, 257,
					 1000, 4095, 4096, 4097, 0 /* random */ };
	static const uint64_t starts[] = { 0, 0xfffffffdull };
	enum { N = 3 * 4096 + 192 };
	uint8_t key[32], *want = malloc(N), *got = malloc(N);

	unhex(KEY_SEQ, key, sizeof(key));
	srand(8439);
	for (size_t si = 0; si < UNIT_ARRAY_SIZE(starts); si++) {
		reference(key, starts[si], want, N);
		for (size_t i = 0; i < UNIT_ARRAY_SIZE(splits); i++) {
			struct chacha_stream s;
			size_t pos = 0;

			memset(got, 0, N);
			chacha_stream_init(&s, key, starts[si]);
			while (pos < N) {
				size_t k = splits[i] ? splits[i] :
						       (size_t)rand() % 700;

				if (k > N - pos)
					k = N - pos;
				chacha_stream_read(&s, got + pos, k);
				pos += k;
			}
			unit_ok(!memcmp(got, want, N),
				"stream from block %#llx in reads of %s%zu",
				(unsigned long long)starts[si],
				splits[i] ? "" : "random 0..", splits[i] ? splits[i] : 699);
		}
	}
	free(want);
	free(got);
}

/*
 * A megabyte against "openssl enc -chacha20" of zeros.  The second case
 * starts at block 2^32 - 2 (iv counter fffffffe) to pin down the counter
 * carry into the first nonce word beyond 256 GiB.
 */
static void test_openssl(void)
{
	static const struct {
		uint64_t block;
		const char *iv;
	} cases[] = {
		{ 0, "00000000000000000000000000000000" },
		{ 0xfffffffeull, "feffffff000000000000000000000000" },
	};
	static const char keyhex[] = "c0ffee00deadbeef0123456789abcdef"
				     "fedcba98765432100f1e2d3c4b5a6978";
	enum { N = 1 << 20 };
	uint8_t key[32], *want = malloc(N), *got = malloc(N);

	chacha_parse_key(keyhex, key);
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(cases); i++) {
		char cmd[256];
		struct chacha_stream s;
		size_t n = 0;
		FILE *p;

		if (system("command -v openssl >/dev/null 2>&1") != 0) {
			unit_ok(1, "openssl chacha20 1 MiB from block %#llx "
				"# SKIP openssl not in PATH",
				(unsigned long long)cases[i].block);
			continue;
		}
		snprintf(cmd, sizeof(cmd),
			 "head -c %d /dev/zero | openssl enc -chacha20 -K %s "
			 "-iv %s 2>/dev/null", N, keyhex, cases[i].iv);
		p = popen(cmd, "r");
		if (p) {
			n = fread(want, 1, N, p);
			pclose(p);
		}
		if (n != N) {
			unit_ok(1, "openssl chacha20 1 MiB from block %#llx "
				"# SKIP openssl gave %zu bytes (no chacha20?)",
				(unsigned long long)cases[i].block, n);
			continue;
		}
		chacha_stream_init(&s, key, cases[i].block);
		chacha_stream_read(&s, got, N);
		unit_ok(!memcmp(got, want, N),
			"openssl chacha20 1 MiB from block %#llx",
			(unsigned long long)cases[i].block);
	}
	free(want);
	free(got);
}

static void bench(void)
{
	enum { CHUNK = 1 << 20, TOTAL = 256 };
	uint8_t key[32], *buf = malloc(CHUNK);
	struct chacha_stream s;
	double t;

	unhex(KEY_SEQ, key, sizeof(key));
	chacha_stream_init(&s, key, 0);
	t = now_s();
	for (int i = 0; i < TOTAL; i++)
		chacha_stream_read(&s, buf, CHUNK);
	t = now_s() - t;
	printf("# chacha_stream_read: %.0f MB/s (%d MiB in 1 MiB reads, "
	       "%.3f s)\n", TOTAL * (double)CHUNK / t / 1e6, TOTAL, t);
	free(buf);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_quarter();
	test_blocks();
	test_encrypt();
	test_parse();
	test_continuity();
	test_openssl();
	bench();
	return unit_done();
}
