/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SP 800-90B estimators and tests on inputs small enough to check by hand
 * (each expected value is worked out in the comment beside its row), the
 * nasty ones (one symbol, too few samples, 1 and 8 bits, an alphabet with
 * gaps, masked values), and the suffix array and tuple counts against
 * brute force.  Agreement with NIST's tool on full-size samples is
 * test/sp90b.bats.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "sp90b.h"
#include "unit.h"

static uint64_t rng_state = 42;

/* a fixed generator for test inputs (SplitMix64) */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

static double detail(const struct sp90b_est *e, const char *key)
{
	for (unsigned i = 0; i < e->nd; i++)
		if (!strcmp(e->d[i].key, key))
			return e->d[i].val;
	return NAN;
}

static int run_est(const struct sp90b_estimator *x, const uint8_t *s, size_t n, unsigned k,
		   struct sp90b_est *e)
{
	struct sp90b_seq q;
	int rc;

	sp90b_seq_init(&q, s, n, k);
	rc = sp90b_estimate(x, &q, e);
	sp90b_seq_free(&q);
	return rc;
}

/* ---- sample reading ------------------------------------------------------- */

static void test_data(void)
{
	static const uint8_t gaps[] = { 200, 3, 7, 3, 200, 7, 7 };
	static const uint8_t wide[] = { 0x1f, 0x10, 0x0f };
	uint8_t all[256], one[5] = { 1, 1, 1, 1, 1 };
	struct sp90b_data d;

	unit_ok(sp90b_data_init(&d, gaps, 7, 0) == 0 && d.bits == 8 && d.k == 3 &&
		d.sym[0] == 2 && d.sym[1] == 0 && d.sym[2] == 1 && d.value[2] == 200 &&
		d.maxval == 200 && !d.masked && d.nbit == 56,
		"data: values 3, 7, 200 -> 8 bits, k = 3, translated in order (200 -> 2)");
	/* 200 = 11001000, most significant bit first */
	unit_ok(d.bit[0] == 1 && d.bit[1] == 1 && d.bit[2] == 0 && d.bit[4] == 1 &&
		d.bit[7] == 0 && d.bit[14] == 1 && d.bit[15] == 1,
		"data: bitstring of the untranslated values, MSB first (200, 3)");
	sp90b_data_free(&d);
	unit_ok(sp90b_data_init(&d, wide, 3, 4) == 0 && d.masked && d.raw[0] == 0x0f &&
		d.raw[1] == 0 && d.k == 2 && d.nbit == 12,
		"data: --bits 4 masks 0x1f to 0x0f and 0x10 to 0 (k = 2)");
	sp90b_data_free(&d);
	for (int i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	unit_ok(sp90b_data_init(&d, all, 256, 0) == 0 && d.bits == 8 && d.k == 256 &&
		d.sym[255] == 255, "data: k = 8 bits, all 256 values");
	sp90b_data_free(&d);
	unit_ok(sp90b_data_init(&d, one, 5, 0) == 0 && d.bits == 1 && d.k == 1,
		"data: one value -> 1 bit, k = 1");
	sp90b_data_free(&d);
	unit_ok(sp90b_data_init(&d, one, 0, 0) == -ENODATA && sp90b_data_init(&d, one, 5, 9) ==
		-EINVAL, "data: no samples, or 9 bits: refused");
}

/* ---- estimators --------------------------------------------------------------- */

static void test_mcv(void)
{
	uint8_t s[100];
	struct sp90b_est e;
	double pu;

	for (int i = 0; i < 100; i++)
		s[i] = i < 60 ? 0 : 1;
	/* p^ = 0.6, p_u = 0.6 + 2.5758 sqrt(0.24 / 99) = 0.7268251 */
	pu = 0.6 + 2.5758293035489008 * sqrt(0.6 * 0.4 / 99);
	run_est(&sp90b_mcv_info, s, 100, 2, &e);
	unit_ok(e.status == 0 && near(e.p, pu, 1e-12) && near(e.h, 0.460320, 1e-6) &&
		detail(&e, "mode") == 60, "mcv 6.3.1: 60 of 100 -> p_u %.6f, H %.6f", e.p, e.h);
	unit_ok(run_est(&sp90b_mcv_info, s, 1, 2, &e) == -EDOM, "mcv: n = 1 too few");
}

static void test_collision_markov(void)
{
	/* pieces 00 | 101 | 11 | 010 | 00: t = 2,3,2,3,2, X = 2.4,
	 * s = sqrt((30 - 12 x 2.4) / 4) = sqrt(0.3), X' = 2.4 - 2.5758 s / sqrt(5)
	 * = 1.769 -> 2 (the floor) -> p = 1/2 + sqrt(5/4 - 1) = 1, H = 0 */
	static const uint8_t c[] = { 0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0 };
	uint8_t alt[1000];
	struct sp90b_est e;

	run_est(&sp90b_collision_info, c, sizeof(c), 2, &e);
	unit_ok(e.status == 0 && detail(&e, "v") == 5 && near(detail(&e, "X_bar"), 2.4, 1e-12) &&
		near(detail(&e, "sigma_hat"), sqrt(0.3), 1e-12) && e.h == 0,
		"collision 6.3.2: five pieces, X = 2.4, s = sqrt(0.3), floor 2 -> H = 0");
	/* 0101...: P_0 = 1/2, P_01 = P_10 = 1; only 0101.. and 1010.. are
	 * possible: -log2(1/2) = 1 bit over 128 -> H = 1/128 */
	for (int i = 0; i < 1000; i++)
		alt[i] = i & 1;
	run_est(&sp90b_markov_info, alt, 1000, 2, &e);
	unit_ok(e.status == 0 && near(e.h, 1.0 / 128, 1e-12),
		"markov 6.3.3: alternating bits -> H = 1/128 (%.7f)", e.h);
	unit_ok(run_est(&sp90b_markov_info, alt, 1000, 3, &e) == -ENOTSUP &&
		run_est(&sp90b_collision_info, alt, 1000, 4, &e) == -ENOTSUP,
		"collision, markov: binary data only");
	unit_ok(run_est(&sp90b_markov_info, alt, 1, 2, &e) == -EDOM &&
		run_est(&sp90b_collision_info, alt, 3, 2, &e) == -EDOM,
		"collision, markov: too few bits");
}

static void test_all_equal(void)
{
	static uint8_t zero[20000];
	struct sp90b_est e;
	int ok = 1;

	/* every estimator that runs must find no entropy in a constant */
	for (unsigned i = 0; i < SP90B_NEST; i++) {
		int rc = run_est(sp90b_estimators[i], zero, sizeof(zero), 2, &e);

		if (rc == 0 && !(e.h < 0.01)) {
			ok = 0;
			printf("# %s on zeros: H = %g\n", sp90b_estimators[i]->name, e.h);
		}
		if (rc && rc != -EDOM)
			ok = 0;
	}
	unit_ok(ok, "all estimators: 20,000 equal symbols -> H < 0.01 (or not run)");
}

static void test_too_few(void)
{
	static const struct { const struct sp90b_estimator *x; size_t n_no, n_yes; } rows[] = {
		{ &sp90b_mcv_info, 1, 2 },
		{ &sp90b_compress_info, 6005, 6006 },   /* more than 1000 6-bit blocks */
		{ &sp90b_mcw_info, 4095, 4096 },        /* one past the largest window */
		{ &sp90b_lag_info, 2, 3 },
		{ &sp90b_mmc_info, 2, 3 },
		{ &sp90b_lz78y_info, 17, 18 },
		{ &sp90b_tuple_info, 40, 200 },         /* a symbol 35 times */
	};
	static uint8_t s[8000];
	struct sp90b_est e;

	for (size_t i = 0; i < sizeof(s); i++)
		s[i] = (uint8_t)(rnd() & 1);
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(rows); i++) {
		int no = run_est(rows[i].x, s, rows[i].n_no, 2, &e);
		int yes = run_est(rows[i].x, s, rows[i].n_yes, 2, &e);

		unit_ok(no == -EDOM && yes == 0, "%s: n = %zu too few, n = %zu runs",
			rows[i].x->name, rows[i].n_no, rows[i].n_yes);
	}
}

static void test_predictors(void)
{
	static uint8_t p5[1000], alt[5000];
	struct sp90b_est e;

	for (int i = 0; i < 1000; i++)
		p5[i] = (uint8_t)(i % 5);
	/* lag 5 is right from i = 5 on, but wins only after its first point:
	 * wrong at i = 1..5, right at 6..999: C = 994 of N = 999, run 994 */
	run_est(&sp90b_lag_info, p5, 1000, 5, &e);
	unit_ok(e.status == 0 && detail(&e, "C") == 994 && detail(&e, "N") == 999 &&
		detail(&e, "r") == 995 && e.h < 0.02,
		"lag 6.3.8: period 5 -> C = 994, N = 999, r = 995, H = %.4f", e.h);
	/* every window is odd, so its mode is the symbol it starts and ends
	 * with, s[i-1]: always wrong on 0101...; C = 0, p = max(1/2,
	 * 1 - 0.01^(1/N)) = 1/2, H = 1 */
	for (int i = 0; i < 5000; i++)
		alt[i] = i & 1;
	run_est(&sp90b_mcw_info, alt, 5000, 2, &e);
	unit_ok(e.status == 0 && detail(&e, "C") == 0 && detail(&e, "N") == 4937 && e.h == 1.0,
		"multi_mcw 6.3.7: alternating bits, odd windows -> C = 0, H = 1");
	run_est(&sp90b_mmc_info, alt, 5000, 2, &e);
	unit_ok(e.status == 0 && detail(&e, "N") == 4998 && detail(&e, "C") == 4997 && e.h < 0.01,
		"multi_mmc 6.3.9: alternating bits: order 1 right from the third prediction on, "
		"C = 4997 of 4998, H = %.4f", e.h);
	run_est(&sp90b_lz78y_info, p5, 1000, 5, &e);
	unit_ok(e.status == 0 && detail(&e, "N") == 983 && detail(&e, "C") == 979 && e.h < 0.02,
		"lz78y 6.3.10: period 5: no context matches until s[20] ends like s[15]; "
		"then right: C = 979 of 983, H = %.4f", e.h);
	/* no correct prediction: the bound 1 - 0.01^(1/N) */
	{
		struct sp90b_est z = { 0 };
		double p = sp90b_predict(0, 100, 0, 256, &z);

		unit_ok(near(p, 1 - pow(0.01, 0.01), 1e-15),
			"predict 6.3.7 step 9: C = 0 of 100, k = 256 -> p = 1 - 0.01^(1/100)");
		p = sp90b_predict(0, 100, 0, 2, &z);
		unit_ok(p == 0.5, "predict: C = 0, k = 2 -> p = 1/k");
	}
}

/* ---- suffix array and tuple counts against brute force ---------------------- */

static const uint8_t *cmp_text;
static size_t cmp_n;

static int cmp_suffix(const void *a, const void *b)
{
	int32_t i = *(const int32_t *)a, j = *(const int32_t *)b;
	size_t li = cmp_n - (size_t)i, lj = cmp_n - (size_t)j;
	int c = memcmp(cmp_text + i, cmp_text + j, li < lj ? li : lj);

	return c ? c : (li < lj ? -1 : 1);
}

static void test_suffix_array(void)
{
	static const struct { size_t n; unsigned k; int kind; } rows[] = {
		{ 1, 2, 0 }, { 2, 2, 0 }, { 17, 2, 0 }, { 1000, 2, 0 }, { 3000, 4, 0 },
		{ 2000, 256, 0 }, { 1000, 2, 1 }, { 999, 3, 2 }, { 1500, 2, 3 }, { 1024, 2, 4 },
	};

	for (size_t r = 0; r < UNIT_ARRAY_SIZE(rows); r++) {
		size_t n = rows[r].n;
		uint8_t *s = malloc(n);
		int32_t *sa = malloc(n * sizeof(*sa)), *ref = malloc(n * sizeof(*ref));
		int ok;

		for (size_t i = 0; i < n; i++) {
			switch (rows[r].kind) {
			case 0: s[i] = (uint8_t)(rnd() % rows[r].k); break;
			case 1: s[i] = 0; break;                       /* constant */
			case 2: s[i] = (uint8_t)(i % 3); break;        /* periodic */
			case 3: s[i] = (uint8_t)(i % 7 == 6); break;   /* sparse ones */
			default: s[i] = (uint8_t)(__builtin_popcount((unsigned)i) & 1); /* Thue-Morse */
			}
			ref[i] = (int32_t)i;
		}
		cmp_text = s;
		cmp_n = n;
		qsort(ref, n, sizeof(*ref), cmp_suffix);
		ok = sp90b_suffix_array(s, n, rows[r].k, sa) == 0 &&
		     !memcmp(sa, ref, n * sizeof(*sa));
		unit_ok(ok, "suffix array (SA-IS): n = %zu, k = %u, input kind %d as sorted suffixes",
			n, rows[r].k, rows[r].kind);
		free(s);
		free(sa);
		free(ref);
	}
}

/* count every t-tuple by sorting the tuples' start positions */
static void brute_tuples(const uint8_t *s, size_t n, size_t t, uint64_t *q, uint64_t *pairs)
{
	int32_t *pos = malloc(n * sizeof(*pos));
	size_t m = n - t + 1, run = 1;

	for (size_t i = 0; i < m; i++)
		pos[i] = (int32_t)i;
	cmp_text = s;
	cmp_n = n;
	qsort(pos, m, sizeof(*pos), cmp_suffix);
	*q = 0;
	*pairs = 0;
	for (size_t i = 1; i <= m; i++) {
		if (i < m && !memcmp(s + pos[i - 1], s + pos[i], t)) {
			run++;
			continue;
		}
		if (run > *q)
			*q = run;
		*pairs += run * (run - 1) / 2;
		run = 1;
	}
	free(pos);
}

static void test_tuples(void)
{
	static const struct { size_t n; unsigned k; } rows[] = { { 3000, 2 }, { 2000, 4 } };

	for (size_t r = 0; r < UNIT_ARRAY_SIZE(rows); r++) {
		size_t n = rows[r].n;
		uint8_t *s = malloc(n);
		struct sp90b_seq q;
		struct sp90b_tuples *t;
		int ok;

		for (size_t i = 0; i < n; i++)
			s[i] = (uint8_t)(rnd() % rows[r].k);
		/* a planted repeat of 40 symbols */
		memcpy(s + n - 100, s + 100, 40);
		sp90b_seq_init(&q, s, n, rows[r].k);
		ok = sp90b_tuples_get(&q, &t) == 0 && t->v >= 40;
		for (size_t len = 1; ok && len <= t->v + 1; len++) {
			uint64_t bq, bp;

			brute_tuples(s, n, len, &bq, &bp);
			if (len == t->v + 1)
				ok = bq == 1;   /* nothing longer repeats */
			else
				ok = bq == t->q[len] && bp == t->pairs[len];
		}
		unit_ok(ok, "tuples: n = %zu, k = %u: Q[t] and sum C(count, 2) for t = 1..v as "
			"brute force (v = %zu)", n, rows[r].k, q.tuples ? q.tuples->v : 0);
		sp90b_seq_free(&q);
		free(s);
	}
}

static void test_tuple_estimates(void)
{
	static uint8_t alt[2000];
	struct sp90b_est e;

	for (int i = 0; i < 2000; i++)
		alt[i] = i & 1;
	/* 0101...: each t-tuple is one of two, so P[t]^(1/t) -> 1 */
	run_est(&sp90b_tuple_info, alt, 2000, 2, &e);
	unit_ok(e.status == 0 && e.h < 0.01, "t-tuple 6.3.5: alternating bits -> H = %.5f", e.h);
	run_est(&sp90b_lrs_info, alt, 2000, 2, &e);
	unit_ok(e.status == 0 && detail(&e, "v") == 1998 && e.h < 0.01,
		"lrs 6.3.6: alternating bits, v = n - 2 = 1998 -> H = %.5f", e.h);
}

/* ---- the tracks ------------------------------------------------------------------ */

static void test_noniid(void)
{
	static uint8_t buf[20000];
	struct sp90b_data d;
	struct sp90b_noniid r;
	int rc;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(3 + 4 * (rnd() % 3));   /* 3, 7, 11: gaps */
	sp90b_data_init(&d, buf, sizeof(buf), 0);
	rc = sp90b_noniid(&d, &r);
	unit_ok(rc == 0 && r.bitstring && r.k == 3 && r.bits == 4 &&
		r.orig[1].status == -ENOTSUP && r.bstr[1].status == 0 &&
		near(r.h_assessed, fmin(r.h_original, 4 * r.h_bitstring), 1e-15) &&
		r.h_original < log2(3) && r.h_original > 1.3,
		"non-IID: 3 values with gaps -> k = 3, 4 bits, bitstring track, H_original %.4f "
		"(< log2 3), assessed %.4f", r.h_original, r.h_assessed);
	sp90b_data_free(&d);
	memset(buf, 9, sizeof(buf));
	sp90b_data_init(&d, buf, sizeof(buf), 0);
	unit_ok(sp90b_noniid(&d, &r) == 0 && r.h_assessed == 0,
		"non-IID: one value -> no entropy");
	sp90b_data_free(&d);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(rnd() & 1);
	sp90b_data_init(&d, buf, sizeof(buf), 1);
	rc = sp90b_noniid(&d, &r);
	unit_ok(rc == 0 && !r.bitstring && r.orig[1].status == 0 &&
		r.h_original > 0.6 && r.h_original <= 1,
		"non-IID: k = 1 bit -> binary estimators on the sample, H %.4f", r.h_original);
	sp90b_data_free(&d);
}

static void test_chisq_lrs(void)
{
	static uint8_t alt[10000], bal[1000];
	struct sp90b_chisq c;
	size_t w;
	double pcol, prob;
	int pass;
	int rc;

	for (int i = 0; i < 10000; i++)
		alt[i] = i & 1;
	/* m = 7 (0.5^8 x 1250 < 5 <= 0.5^7 x 1428); only 0101010 and 1010101 */
	rc = sp90b_chisq_indep(alt, 10000, 2, &c);
	unit_ok(rc == 0 && c.df == 126 && !c.pass,
		"chi-square 5.2.2: alternating bits, m = 7, df = 126: fails (T = %.0f)", c.score);
	for (int i = 0; i < 1000; i++)
		bal[i] = (i / 2) & 1;
	/* each tenth holds 50 ones of 100: T = 0, p = 1 */
	rc = sp90b_chisq_fit(bal, 1000, 2, &c);
	unit_ok(rc == 0 && c.score == 0 && c.p == 1 && c.pass,
		"chi-square 5.2.4: balanced tenths -> T = 0, df = %d, passes", c.df);
	unit_ok(sp90b_lrs_test(alt, 10000, 2, &w, &pcol, &prob, &pass) == 0 && w == 9998 &&
		pcol == 0.5 && !pass, "LRS test 5.2.5: alternating bits, W = 9998: fails");
	memset(bal, 0, sizeof(bal));
	unit_ok(sp90b_lrs_test(bal, 1000, 1, &w, &pcol, &prob, &pass) == 0 && pass &&
		pcol == 1, "LRS test: one symbol, p_col = 1: a repeat is certain, passes");
}

static void test_perm_stats(void)
{
	/* raw 0 10 5 10 0 5, symbols 0 2 1 2 0 1, mean 5, median 1 */
	static const uint8_t raw[] = { 0, 10, 5, 10, 0, 5 }, sym[] = { 0, 2, 1, 2, 0, 1 };
	static const double want[SP90B_NPERM - 1] = {
		5,          /* excursion: |0-5|, |10-10|, |15-15|, |25-20|, ... max 5 */
		5, 1, 3,    /* steps + - + - +: 5 runs, longest 1, 3 ups */
		4, 3,       /* - + + + - +: 4 runs, longest 3 */
		4, 4,       /* 0 2 1 2: repeat after 4; then 0 1 ends: one collision */
		0, 1, 0, 0, 0,   /* s[i] == s[i+p]: p = 1 none, p = 2 one (2, 2) */
		100, 150, 0, 0, 0, /* sum raw[i] raw[i+p]: 50 + 50; 100 + 50 */
	};
	int on[SP90B_NPERM];
	long double t[SP90B_NPERM];
	int ok;

	for (int j = 0; j < SP90B_NPERM; j++)
		on[j] = 1;
	ok = sp90b_perm_stats(sym, raw, 6, 3, 5.0, 1.0, on, t) == 0;
	for (int j = 0; ok && j < SP90B_NPERM - 1; j++)
		ok = t[j] == want[j];
	unit_ok(ok && t[SP90B_NPERM - 1] > 0,
		"permutation statistics 5.1.1-5.1.10 on six samples, as worked out by hand");
}

static void test_iid(void)
{
	static uint8_t buf[20000];
	struct sp90b_data d;
	static struct sp90b_iid r;
	int rc;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(rnd() % 6);
	sp90b_data_init(&d, buf, sizeof(buf), 0);
	rc = sp90b_iid(&d, 1, SP90B_SHUFFLES, &r);
	unit_ok(rc == 0 && r.pass && r.done < 2000 &&
		r.seed == 1 && near(r.h_assessed, fmin(r.h_original, 3 * r.h_bitstring), 1e-15),
		"IID track: 20,000 uniform of 6 values pass (%u shuffles, every statistic "
		"decided early)", r.done);
	sp90b_data_free(&d);
	/* a slow ramp: every sample a little above the one 100 places back */
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)((rnd() % 16) + i * 16 / sizeof(buf));
	sp90b_data_init(&d, buf, sizeof(buf), 0);
	unit_ok(sp90b_iid(&d, 1, 500, &r) == 0 && !r.pass && !r.perm[0].pass &&
		r.perm[0].c0 + r.perm[0].c1 == 0 && !r.fit.pass,
		"IID track: a drifting source fails excursion (C0 + C1 = 0) and goodness of fit");
	sp90b_data_free(&d);
}

static void test_restart(void)
{
	static uint8_t buf[400 * 400];
	struct sp90b_data d;
	static struct sp90b_restart r;
	int rc;
	double p = exp2(-2.0), a = 0.01 / 800;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(rnd() & 3);
	sp90b_data_init(&d, buf, sizeof(buf), 0);
	rc = sp90b_restart(&d, 400, 1.5, 1, &r);
	unit_ok(rc == 0 && r.pass && r.cols == 400 &&
		near(r.alpha, 0.01 / 800, 1e-18) && r.h_r > 1.8 && r.h_c > 1.8,
		"restart 3.1.4: 400 x 400 uniform 2-bit, H_I = 1.5: passes (H_r %.3f, H_c %.3f)",
		r.h_r, r.h_c);
	sp90b_data_free(&d);
	/* the binomial cutoff: P(X > U) <= alpha < P(X > U - 1) */
	r.h_i = 2.0;
	sp90b_data_init(&d, buf, sizeof(buf), 0);
	sp90b_restart(&d, 400, 2.0, 1, &r);
	unit_ok(gsl_cdf_binomial_Q(r.cutoff, p, 400) <= a &&
		gsl_cdf_binomial_Q(r.cutoff - 1, p, 400) > a,
		"restart 3.1.4.3: cutoff %u is the binomial (1 - 0.01/800) quantile of B(400, 1/4)",
		r.cutoff);
	sp90b_data_free(&d);
	/* every restart starts with the same 10 samples: column counts of 400 */
	for (size_t i = 0; i < 400; i++)
		for (size_t j = 0; j < 10; j++)
			buf[i * 400 + j] = (uint8_t)(j & 3);
	sp90b_data_init(&d, buf, sizeof(buf), 0);
	unit_ok(sp90b_restart(&d, 400, 1.5, 0, &r) == 0 && !r.sanity_pass && r.x_c == 400 &&
		!r.pass, "restart 3.1.4.3: identical first samples after each restart fail "
		"the sanity check (X_c = 400)");
	unit_ok(sp90b_restart(&d, 399, 1.5, 0, &r) == -EINVAL &&
		sp90b_restart(&d, 400, 2.5, 0, &r) == -EINVAL,
		"restart: rows that do not divide n, or H_I above the symbol width: refused");
	sp90b_data_free(&d);
}

int main(void)
{
	gsl_set_error_handler_off();
	test_data();
	test_mcv();
	test_collision_markov();
	test_all_equal();
	test_too_few();
	test_predictors();
	test_suffix_array();
	test_tuples();
	test_tuple_estimates();
	test_noniid();
	test_chisq_lrs();
	test_perm_stats();
	test_iid();
	test_restart();
	return unit_done();
}
