/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The raw-noise reader (rawnoise.c): source names, the ring bytes of one
 * boot as samples with their checks (a row per case, the nasty ones
 * included: a keystream where samples belong, a TSC that goes back, a
 * length that is not whole samples) and the symbols cut from them.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "rawnoise.h"
#include "unit.h"

static void test_source(void)
{
	static const struct {
		const char *name;
		int rc;
		enum rawnoise_src src;
	} v[] = {
		{ "rdseed", 0, RAWNOISE_RDSEED }, { "rdrand", 0, RAWNOISE_RDRAND },
		{ "jitter", 0, RAWNOISE_JITTER }, { "tsc", 0, RAWNOISE_TSC },
		{ "TSC", -EINVAL, 0 }, { "", -EINVAL, 0 }, { "jitterx", -EINVAL, 0 },
		{ "rdtsc", -EINVAL, 0 },
	};

	for (size_t i = 0; i < UNIT_ARRAY_SIZE(v); i++) {
		enum rawnoise_src src = RAWNOISE_NSRC;
		int rc = rawnoise_source(v[i].name, &src);

		unit_ok(rc == v[i].rc && (rc || (src == v[i].src &&
			!strcmp(rawnoise_source_name(src), v[i].name))),
			"source '%s': %d", v[i].name, rc);
	}
	unit_ok(!strcmp(rawnoise_source_name(RAWNOISE_NSRC), "?"), "no name past the table");
}

/* Little-endian words, as the guest stores them. */
static size_t put_words(uint8_t *buf, const uint64_t *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < 8; b++)
			buf[8 * i + (size_t)b] = (uint8_t)(w[i] >> (8 * b));
	return 8 * n;
}

static const struct {
	const char *name;
	enum rawnoise_src src;
	uint64_t w[4];
	size_t words, n;  /* words in the ring, samples asked for */
	int cut;          /* bytes dropped from the end */
	int rc;
	const char *why;  /* part of the reason */
} decode_vec[] = {
	{ "jitter deltas of TCG", RAWNOISE_JITTER, { 0x9ae, 0x3f, 0x2a, 0x15 }, 4, 4, 0, 0, "" },
	{ "rdrand outputs at both ends", RAWNOISE_RDRAND,
	  { 0, 0xffffffff, 0x97dc0df2, 1 }, 4, 4, 0, 0, "" },
	{ "rdseed, one sample", RAWNOISE_RDSEED, { 0xd1a2ccd2 }, 1, 1, 0, 0, "" },
	{ "TSC readings, equal ones allowed", RAWNOISE_TSC,
	  { 0x8d9a05, 0x8e1358, 0x8e1358, 0xffffffffffffffff }, 4, 4, 0, 0, "" },
	{ "keystream where rdrand belongs", RAWNOISE_RDRAND,
	  { 0x12345678, 0x40507fa6ecb2d4a4 }, 2, 2, 0, -EPROTO, "sample 1 is 0x40507fa6ecb2d4a4" },
	{ "a jitter delta of 2^32 ticks", RAWNOISE_JITTER, { 0x100000000 }, 1, 1, 0, -EPROTO,
	  "wider than the 32 bits jitter gives" },
	{ "a TSC that goes back", RAWNOISE_TSC, { 5, 6, 4, 7 }, 4, 4, 0, -EPROTO,
	  "TSC sample 2 is 0x4, below sample 1" },
	{ "a byte short", RAWNOISE_TSC, { 1, 2 }, 2, 2, 1, -EPROTO, "15 bytes are not 2 samples" },
	{ "one sample more than asked", RAWNOISE_JITTER, { 1, 2, 3 }, 3, 2, 0, -EPROTO,
	  "24 bytes are not 2 samples" },
	{ "nothing", RAWNOISE_JITTER, { 0 }, 0, 0, 0, 0, "" },
};

static void test_decode(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(decode_vec); i++) {
		uint8_t buf[64];
		uint64_t v[4] = { 0 };
		char why[200] = "";
		size_t len = put_words(buf, decode_vec[i].w, decode_vec[i].words) -
			     (size_t)decode_vec[i].cut;
		int rc = rawnoise_decode(buf, len, decode_vec[i].src, v, decode_vec[i].n,
					 why, sizeof(why));

		unit_ok(rc == decode_vec[i].rc && strstr(why, decode_vec[i].why) &&
			(rc || !memcmp(v, decode_vec[i].w, 8 * decode_vec[i].n)),
			"decode %s: %d '%s'", decode_vec[i].name, rc, why);
	}
}

static void test_symbols(void)
{
	static const uint64_t v[] = { 0x15, 0x2a, 0x1ff, 0x8e1358, 0xffffffffffffffff };
	static const struct {
		unsigned bits, shift;
		uint8_t want[5];
	} c[] = {
		{ 8, 0, { 0x15, 0x2a, 0xff, 0x58, 0xff } },
		{ 1, 0, { 1, 0, 1, 0, 1 } },
		{ 4, 4, { 0x1, 0x2, 0xf, 0x5, 0xf } },
		{ 8, 8, { 0, 0, 1, 0x13, 0xff } },
		{ 8, 63, { 0, 0, 0, 0, 1 } },
		{ 3, 16, { 0, 0, 0, 6, 7 } },
	};

	for (size_t i = 0; i < UNIT_ARRAY_SIZE(c); i++) {
		uint8_t sym[5];

		rawnoise_symbols(v, 5, c[i].bits, c[i].shift, sym);
		unit_ok(!memcmp(sym, c[i].want, 5), "symbols: %u bits after >> %u: "
			"%02x %02x %02x %02x %02x", c[i].bits, c[i].shift, sym[0], sym[1],
			sym[2], sym[3], sym[4]);
	}
}

int main(void)
{
	test_source();
	test_decode();
	test_symbols();
	return unit_done();
}
