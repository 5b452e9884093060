/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keying checks (keying.c): the collision bound against FIELD.md's figures,
 * the per-boot known answer against RFC 8439, and whole sections built from
 * synthetic boots, one per flaw the rng twins have.  Seeds come from a
 * ChaCha20 stream with a fixed key, so every run sees the same boots.
 */
#include <errno.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "chacha.h"
#include "keying.h"
#include "samples.h"
#include "unit.h"

/* ---- the collision bound ------------------------------------------------ */

static const struct {
	const char *name;
	size_t cnt[8];
	size_t nd, n;
	double c, est, lo;      /* est < 0: INFINITY */
} coll_vec[] = {
	/* c = 0: lambda_u = 4.61 (FIELD.md), log2(19900 / 4.605) = 12.08 */
	{ "200 distinct", { 0 }, 0, 200, 0, -1, 12.077 },
	/* FIELD.md: ~9 bits from 69 boots without a collision */
	{ "69 distinct", { 0 }, 0, 69, 0, -1, 8.993 },
	{ "50 distinct: the least that shows 8 bits", { 0 }, 0, 50, 0, -1, 8.054 },
	/* one pair: c = 1, lambda_u = 6.64: log2(4950 / 6.638) */
	{ "100 with one pair", { 2 }, 1, 100, 1, 12.273, 9.542 },
	/* all equal: c = C(n,2), H2 = 0 */
	{ "200 equal", { 200 }, 1, 200, 19900, 0, 0 },
	/* two values half and half: q = 2 * C(100,2) / C(200,2) ~ 0.4975 */
	{ "two values", { 100, 100 }, 2, 200, 9900, 1.00726, 0.97 },
};

static void test_collision(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(coll_vec); i++) {
		double c, est, lo;
		size_t cnt[8];

		memcpy(cnt, coll_vec[i].cnt, sizeof(cnt));
		keying_collision(cnt, coll_vec[i].nd, coll_vec[i].n, 0.99, &c, &est, &lo);
		unit_ok(c == coll_vec[i].c &&
				(coll_vec[i].est < 0 ? isinf(est) :
				 fabs(est - coll_vec[i].est) < 1e-3) &&
				fabs(lo - coll_vec[i].lo) < (i == 5 ? 0.03 : 5e-3),
			"collision %s: c = %g, H2 = %g, >= %.3f at 99%%", coll_vec[i].name,
			c, est, lo);
	}
	unit_ok(fabs(keying_collision_cap(200, 0.99) - 12.077) < 5e-3,
		"cap of 200 boots: %.3f bits", keying_collision_cap(200, 0.99));
}

/* ---- per-boot known answer ---------------------------------------------- */

static void test_expected_out(void)
{
	static const uint32_t zero[8];
	static const uint32_t seq[8] = {
		0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c,
		0x13121110, 0x17161514, 0x1b1a1918, 0x1f1e1d1c,
	};
	uint32_t out[16];

	/* RFC 8439 A.1 test vector 1: 76 b8 e0 ad a0 f1 3d 90 ... */
	keying_expected_out(zero, out);
	unit_ok(out[0] == 0xade0b876 && out[1] == 0x903df1a0 &&
			out[15] == 0x8665eeb2,
		"all-zero key: RFC 8439 A.1 #1 (%08x %08x ... %08x)", out[0], out[1],
		out[15]);
	/* docs/protocol.md: seed=00..1f prints out=7d2bfd39 6a19c5d9 ... */
	keying_expected_out(seq, out);
	unit_ok(out[0] == 0x7d2bfd39 && out[1] == 0x6a19c5d9 &&
			out[2] == 0x7703bd8d && out[3] == 0x494adcb8,
		"key 00..1f: the protocol's example out words");
}

/* ---- sections from synthetic boots -------------------------------------- */

enum flaw { GOOD, CONST_KEY, HALF, UNKEYED, FIXED, OUT2, NOSEED, FAILING };

static void hex_words(char *buf, const uint32_t *w, int n)
{
	for (int i = 0; i < n; i++)
		sprintf(buf + 8 * i, "%08x", w[i]);
}

/* n boots of section 'name' with the given flaw into s. */
static void add_boots(struct samples *s, const char *name, enum flaw f, int n,
		      struct chacha_stream *rnd)
{
	for (int b = 0; b < n; b++) {
		uint32_t seed[8], out[16];
		char sh[65], oh[129];
		json_t *j;

		chacha_stream_read(rnd, seed, sizeof(seed));
		if (f == HALF)
			memset(seed + 2, 0, 6 * sizeof(uint32_t));
		if (f == FIXED)
			for (int i = 0; i < 8; i++)
				seed[i] = 0x11111111u * (uint32_t)i;
		if (f == CONST_KEY) {
			static const uint32_t k[8] = { 0x706d6574 };

			keying_expected_out(k, out);
		} else if (f == UNKEYED) {
			chacha_stream_read(rnd, out, sizeof(out));
		} else {
			keying_expected_out(seed, out);
		}
		hex_words(sh, seed, 8);
		hex_words(oh, out, f == OUT2 ? 2 : 16);
		j = json_pack("{s:s,s:s,s:i,s:s,s:{s:s},s:{s:s}}", "section", name,
			      "outcome", f == FAILING ? "fail" : "pass", "boot", b,
			      "img", "synthetic", "cpu", "src",
			      f == FIXED ? "cmdline" : "rdrand", "checks", "kat",
			      f == FAILING ? "fail" : "pass");
		if (f != NOSEED)
			json_object_set_new(j, "secret", json_pack("{s:s,s:s}", "seed", sh,
								   "out", oh));
		samples_add(s, j, "synthetic");
		json_decref(j);
	}
}

static const struct {
	const char *name;
	enum flaw f;
	int n;
	int rc;
	size_t distinct, keyed;
	int fixed;
	unsigned low_words;    /* bitmask of words below 8 bits */
} sec_vec[] = {
	{ "good", GOOD, 200, 0, 200, 200, 0, 0x00 },
	{ "constant key (rng-fixedseed)", CONST_KEY, 200, 0, 1, 0, 0, 0x00 },
	{ "64 key bits (rng-halfseed)", HALF, 200, 0, 200, 200, 0, 0xfc },
	{ "not ChaCha20 of its seed (rng-lcg)", UNKEYED, 200, 0, 200, 0, 0, 0x00 },
	{ "fixed seed from the command line", FIXED, 20, 0, 1, 20, 1, 0xff },
	{ "out=2 only", OUT2, 10, -EINVAL, 0, 0, 0, 0 },
	{ "no seed record", NOSEED, 10, -ENOENT, 0, 0, 0, 0 },
	{ "no passing boot (rng-badchacha)", FAILING, 5, 0, 0, 0, 0, 0 },
};

static void test_sections(void)
{
	struct samples s = { .runs = json_array() };
	struct chacha_stream rnd;
	uint8_t key[32] = { 42 };

	chacha_stream_init(&rnd, key, 0);
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(sec_vec); i++)
		add_boots(&s, sec_vec[i].name, sec_vec[i].f, sec_vec[i].n, &rnd);
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(sec_vec); i++) {
		const struct sample_set *set = samples_find(&s, sec_vec[i].name);
		struct keying_sec k;
		char err[256] = "";
		unsigned low = 0;
		int rc;

		if (!set) {
			unit_ok(0, "%s: section built", sec_vec[i].name);
			continue;
		}
		rc = keying_analyze(&k, set, err, sizeof(err));
		for (int w = 0; w < 8 && !rc && k.n; w++)
			if (k.w_lo[w] < 8)
				low |= 1u << w;
		unit_ok(rc == sec_vec[i].rc &&
				(rc || (k.distinct == sec_vec[i].distinct &&
					k.keyed == sec_vec[i].keyed &&
					k.fixed == sec_vec[i].fixed &&
					low == sec_vec[i].low_words)) &&
				(!rc || strstr(err, sec_vec[i].name)),
			"%s: rc %d, %zu distinct of %zu, %zu keyed, low words %#x%s%s",
			sec_vec[i].name, rc, k.distinct, k.n, k.keyed, low,
			err[0] ? "; " : "", err);
	}
	{
		const struct sample_set *set = samples_find(&s, "no passing boot (rng-badchacha)");
		struct keying_sec k;
		char err[64];

		keying_analyze(&k, set, err, sizeof(err));
		unit_ok(k.n == 0 && k.total == 5 && k.kat_pass == 0 && k.kat_other == 5,
			"failing boots are counted: %lu boots, kat fail %ld", k.total,
			k.kat_other);
	}
	samples_free(&s);
}

/* An image that reports no seed, only its own 256-bit secret (a foreign
 * image's pattern.secret.rng, emit.h's secret record): unique values and
 * bits per word, word 3 held constant to be caught. */
static void test_secret_only(void)
{
	struct samples s = { .runs = json_array() };
	struct chacha_stream rnd;
	uint8_t key[32] = { 7 };
	const struct sample_set *set;
	struct keying_sec k;
	char err[256] = "";
	int rc;

	chacha_stream_init(&rnd, key, 0);
	for (int b = 0; b < 200; b++) {
		uint32_t w[8];
		char h[65];
		json_t *j;

		chacha_stream_read(&rnd, w, sizeof(w));
		w[3] = 0x5a5a5a5a;
		hex_words(h, w, 8);
		j = json_pack("{s:s,s:s,s:i,s:{s:s,s:s}}", "section", "foreign",
			      "outcome", "pass", "boot", b, "secret", "rng", h,
			      "canary", "00112233445566aa");
		samples_add(&s, j, "synthetic");
		json_decref(j);
	}
	set = samples_find(&s, "foreign");
	rc = keying_analyze(&k, set, err, sizeof(err));
	unit_ok(rc == 0 && !strcmp(k.secret, "rng") && k.nwords == 8 && k.n == 200 &&
		k.distinct == 200 && k.w_lo[3] < 1 && k.w_lo[2] > 8,
		"secret only: rc %d, secret '%s', %d words, %zu distinct of %zu, "
		"word 3 %.1f bits, word 2 %.1f%s%s", rc, k.secret, k.nwords, k.distinct,
		k.n, k.w_lo[3], k.w_lo[2], err[0] ? "; " : "", err);
	samples_free(&s);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_collision();
	test_expected_out();
	test_sections();
	test_secret_only();
	return unit_done();
}
