/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The quick statistics (rngstat.c): exact values on hand-computed inputs,
 * verdicts on generators with known flaws, all from fixed keys and seeds so
 * every run sees the same bytes, and independence from how the stream is
 * split into reads.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chacha.h"
#include "rngstat.h"
#include "unit.h"

#define KEY_SEQ "000102030405060708090a0b0c0d0e0f" \
		"101112131415161718191a1b1c1d1e1f"
#define MIB (1u << 20)

#define P RNGSTAT_PASSED
#define W RNGSTAT_WEAK
#define F RNGSTAT_FAILED

/* ---- generators: fill buf[0..n) ----------------------------------------- */

static void gen_chacha(uint8_t *b, size_t n)
{
	struct chacha_stream s;
	uint8_t key[32];

	chacha_parse_key(KEY_SEQ, key);
	chacha_stream_init(&s, key, 0);
	chacha_stream_read(&s, b, n);
}

static void gen_zero(uint8_t *b, size_t n)
{
	memset(b, 0, n);
}

static void gen_counter(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)i;
}

/* A stuck bit: ChaCha20 with bit 0 of every byte forced to 0. */
static void gen_stuck(uint8_t *b, size_t n)
{
	gen_chacha(b, n);
	for (size_t i = 0; i < n; i++)
		b[i] &= 0xfe;
}

static void gen_alternate(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = i & 1 ? 0xff : 0x00;
}

/* The rng-lcg twin's generator (Numerical Recipes), 32-bit words LE. */
static void gen_lcg(uint8_t *b, size_t n)
{
	uint32_t x = 0x12345678;

	for (size_t i = 0; i + 4 <= n; i += 4) {
		x = x * 1664525u + 1013904223u;
		memcpy(b + i, &x, 4);
	}
}

/* About 1% more ones than zeros: ChaCha20, then each bit set with
 * probability 5/256 from a second ChaCha20 stream. */
static void gen_biased(uint8_t *b, size_t n)
{
	uint8_t *m = malloc(8 * n);
	struct chacha_stream s;
	uint8_t key[32] = { 7 };

	gen_chacha(b, n);
	chacha_stream_init(&s, key, 0);
	chacha_stream_read(&s, m, 8 * n);
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 8; k++)
			if (m[8 * i + k] < 5)
				b[i] |= (uint8_t)(1u << k);
	free(m);
}

/* ---- verdicts ------------------------------------------------------------ */

static const struct {
	const char *name;
	void (*gen)(uint8_t *, size_t);
	size_t n;
	int want[RNGSTAT_NTESTS]; /* chi2, monobit, serial */
} grade_vec[] = {
	{ "ChaCha20, RFC key, 4 MiB", gen_chacha, 4 * MIB, { P, P, P } },
	{ "all zero", gen_zero, MIB, { F, F, F } },
	{ "byte counter", gen_counter, MIB, { F, P, F } },
	{ "stuck bit 0", gen_stuck, MIB, { F, F, P } },
	{ "00 ff alternating", gen_alternate, MIB, { F, P, F } },
	{ "32-bit LCG words", gen_lcg, 4 * MIB, { F, P, P } },
	{ "1% excess of ones", gen_biased, 4 * MIB, { F, F, P } },
};

static void test_grades(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(grade_vec); i++) {
		uint8_t *b = malloc(grade_vec[i].n);
		struct rngstat s;
		struct rngstat_result r[RNGSTAT_NTESTS];

		grade_vec[i].gen(b, grade_vec[i].n);
		rngstat_init(&s);
		rngstat_feed(&s, b, grade_vec[i].n);
		rngstat_results(&s, r);
		for (int t = 0; t < RNGSTAT_NTESTS; t++)
			unit_ok((int)r[t].grade == grade_vec[i].want[t],
				"%s: %s = %.6g, p = %.3g: %s (want %s)%s%s",
				grade_vec[i].name, r[t].name, r[t].stat, r[t].p,
				rngstat_grade_name(r[t].grade),
				rngstat_grade_name(grade_vec[i].want[t]),
				r[t].note[0] ? "; " : "", r[t].note);
		free(b);
	}
}

/* ---- exact values -------------------------------------------------------- */

static int close_to(double a, double b, double rel)
{
	return fabs(a - b) <= rel * fmax(fabs(a), fabs(b)) + 1e-300;
}

static void test_exact(void)
{
	struct rngstat s;
	struct rngstat_result r[RNGSTAT_NTESTS];
	uint8_t b[2560];

	/* Knuth's C by hand: U = 1 2 3 4 (circular): sum U = 10, sum U^2 = 30,
	 * sum U_j U_j+1 = 2 + 6 + 12 + 4 = 24; C = (96 - 100) / (120 - 100). */
	rngstat_init(&s);
	rngstat_feed(&s, (const uint8_t[]){ 1, 2, 3, 4 }, 4);
	rngstat_results(&s, r);
	unit_ok(close_to(r[RNGSTAT_SERIAL].stat, -0.2, 1e-12),
		"serial correlation of 1 2 3 4 is -0.2 (got %.17g)",
		r[RNGSTAT_SERIAL].stat);
	unit_ok(isnan(r[RNGSTAT_CHI2].p) && r[RNGSTAT_CHI2].grade == F,
		"chi-square refuses 4 bytes (%s)", r[RNGSTAT_CHI2].note);

	/* 10 of each value, but value 0 twice as often and value 1 never:
	 * X^2 = (10^2 + 10^2) / 10 = 20 with df 255: far too uniform. */
	for (int i = 0; i < 2560; i++)
		b[i] = (uint8_t)(i % 256);
	for (int i = 0; i < 10; i++)
		b[256 * i + 1] = 0;
	rngstat_init(&s);
	rngstat_feed(&s, b, sizeof(b));
	rngstat_results(&s, r);
	unit_ok(close_to(r[RNGSTAT_CHI2].stat, 20.0, 1e-12) &&
			r[RNGSTAT_CHI2].grade == F,
		"chi-square = 20 on a hand-made histogram (got %.17g, p %.3g, %s)",
		r[RNGSTAT_CHI2].stat, r[RNGSTAT_CHI2].p, r[RNGSTAT_CHI2].note);

	/* 16 bytes of ff: S = 128 of 128 bits, s_obs = 128 / sqrt(128). */
	memset(b, 0xff, 16);
	rngstat_init(&s);
	rngstat_feed(&s, b, 16);
	rngstat_results(&s, r);
	unit_ok(close_to(r[RNGSTAT_MONOBIT].stat, sqrt(128.0), 1e-12) &&
			close_to(r[RNGSTAT_MONOBIT].p, erfc(8.0), 1e-9) &&
			r[RNGSTAT_MONOBIT].grade == F,
		"monobit of 16 x ff: s_obs = sqrt(128), p = erfc(8) (got %.17g, %.3g)",
		r[RNGSTAT_MONOBIT].stat, r[RNGSTAT_MONOBIT].p);

	/* Below NIST's minimum of 100 bits the test is not run. */
	b[0] = 0xb5;
	b[1] = 0x4e;
	rngstat_init(&s);
	rngstat_feed(&s, b, 2);
	rngstat_results(&s, r);
	unit_ok(r[RNGSTAT_MONOBIT].grade == F && isnan(r[RNGSTAT_MONOBIT].p),
		"monobit refuses 16 bits (NIST asks for >= 100)");

	/* Constant stream: correlation undefined, reported as a failure. */
	memset(b, 0x5a, 2048);
	rngstat_init(&s);
	rngstat_feed(&s, b, 2048);
	rngstat_results(&s, r);
	unit_ok(r[RNGSTAT_SERIAL].grade == F && r[RNGSTAT_SERIAL].p == 0 &&
			!strcmp(r[RNGSTAT_SERIAL].note, "constant stream"),
		"serial correlation of a constant stream fails (%s)",
		r[RNGSTAT_SERIAL].note);
}

static const struct {
	double p;
	int two_sided;
	int want;
} grade_edge[] = {
	{ 0.5, 1, P }, { 0.0049, 0, W }, { 0.005, 0, P }, { 9.9e-7, 0, F },
	{ 1e-6, 0, W }, { 0.9951, 1, W }, { 0.9951, 0, P },
	{ 1 - 1e-7, 1, F }, { 1 - 1e-7, 0, P }, { NAN, 0, F }, { 0, 0, F },
};

static void test_grade_edges(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(grade_edge); i++)
		unit_ok((int)rngstat_grade(grade_edge[i].p, grade_edge[i].two_sided) ==
				grade_edge[i].want,
			"grade(p=%.8g, %s) = %s", grade_edge[i].p,
			grade_edge[i].two_sided ? "two-sided" : "lower tail",
			rngstat_grade_name(grade_edge[i].want));
}

/* ---- splits -------------------------------------------------------------- */

static void test_splits(void)
{
	static const size_t splits[] = { 1, 7, 8, 9, 63, 4096, 65537, 0 };
	enum { N = MIB + 13 };
	uint8_t *b = malloc(N);
	struct rngstat whole, part;

	gen_chacha(b, N);
	rngstat_init(&whole);
	rngstat_feed(&whole, b, N);
	srand(5);
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(splits); i++) {
		size_t pos = 0;

		rngstat_init(&part);
		while (pos < N) {
			size_t k = splits[i] ? splits[i] : (size_t)rand() % 3000;

			if (k > N - pos)
				k = N - pos;
			rngstat_feed(&part, b + pos, k);
			pos += k;
		}
		unit_ok(!memcmp(&whole, &part, sizeof(whole)),
			"reads of %s%zu give the same sums as one read",
			splits[i] ? "" : "random 0..", splits[i] ? splits[i] : 2999);
	}
	free(b);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_exact();
	test_grade_edges();
	test_grades();
	test_splits();
	return unit_done();
}
