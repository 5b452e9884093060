/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Boot-time statistics on synthetic data: summaries of known arrays and
 * O(n) median against a sort, and comparisons of samples drawn (fixed
 * seeds) from a boot-phase-like distribution: a floor, a normal body and
 * an exponential tail of preemptions, as measured phases look under TCG on
 * a loaded host.  Then the verdict table, the level of the permutation
 * test and the coverage of the bootstrap interval by simulation.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "btstat.h"
#include "unit.h"

static int near(double x, double want, double tol)
{
	return fabs(x - want) <= tol;
}

static const struct {
	const char *what;
	size_t n;
	double v[12];
	double median, p90, min, mad;
} sums[] = {
	{ "1..10", 10, { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 }, 5.5, 9.1, 1, 2.5 },
	{ "odd count", 3, { 3, 1, 2 }, 2, 2.8, 1, 1 },
	{ "one value", 1, { 42 }, 42, 42, 42, 0 },
	{ "ties", 6, { 5, 5, 5, 5, 9, 1 }, 5, 7, 1, 0 },
	{ "a long tail moves p90, not the median or MAD", 11,
	  { 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 5000 }, 15, 19, 10, 3 },
};

/* A boot phase: 1000 + N(0, 30) + Exp(mean 100) with probability 0.3. */
static double phase(gsl_rng *r, double shift)
{
	double x = 1000 + shift + gsl_ran_gaussian(r, 30);

	if (gsl_rng_uniform(r) < 0.3)
		x += gsl_ran_exponential(r, 100);
	return x;
}

static void draw(gsl_rng *r, double *x, size_t n, double shift)
{
	for (size_t i = 0; i < n; i++)
		x[i] = phase(r, shift);
}

static const struct {
	const char *what;
	size_t na, nb;
	double shift;           /* added to B */
	double floor_rel;
	int flag;               /* expected */
	int tested;
} cmps[] = {
	{ "A = A: not flagged", 200, 200, 0, 0.05, 0, 1 },
	{ "B 30% slower: flagged", 200, 200, 300, 0.05, 1, 1 },
	{ "B 30% faster: flagged, negative", 200, 200, -300, 0.05, -1, 1 },
	{ "4% slower: significant but inside the 5% floor", 1000, 1000, 40, 0.05, 0, 1 },
	{ "4% slower with a 1% floor: flagged", 1000, 1000, 40, 0.01, 1, 1 },
	{ "unequal sizes, slower", 60, 150, 200, 0.05, 1, 1 },
	{ "9 boots: too few to test", 9, 200, 300, 0.05, 0, 0 },
};

static const struct {
	int f1, t1, f2, t2, have2;
	enum btstat_verdict want;
} verdicts[] = {
	{ 0, 1, 0, 0, 0, BTSTAT_SAME },
	{ 1, 1, 0, 0, 0, BTSTAT_FLAGGED },
	{ 1, 1, 1, 1, 1, BTSTAT_SLOWER },
	{ -1, 1, -1, 1, 1, BTSTAT_FASTER },
	{ 1, 1, 0, 1, 1, BTSTAT_SAME },      /* not confirmed */
	{ 1, 1, -1, 1, 1, BTSTAT_SAME },     /* confirmed the other way: noise */
	{ 1, 1, 0, 0, 1, BTSTAT_TOO_FEW },   /* confirmation too small */
	{ 0, 0, 0, 0, 0, BTSTAT_TOO_FEW },
};

static void test_sums(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(sums); i++) {
		struct btstat_sum s;

		btstat_summary(sums[i].v, sums[i].n, &s);
		unit_ok(near(s.median, sums[i].median, 1e-12) && near(s.p90, sums[i].p90, 1e-12) &&
			s.min == sums[i].min && near(s.mad, sums[i].mad, 1e-12) && s.n == sums[i].n,
			"summary %s: median %g p90 %g min %g MAD %g", sums[i].what, s.median,
			s.p90, s.min, s.mad);
	}
	{
		struct btstat_sum s;

		btstat_summary(NULL, 0, &s);
		unit_ok(s.n == 0 && isnan(s.median) && isnan(s.mad), "empty sample: NAN");
	}
}

static void test_compare(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(cmps); i++) {
		struct btstat_opts o;
		struct btstat_cmp c, c2;
		double *a = malloc(cmps[i].na * sizeof(*a)), *b = malloc(cmps[i].nb * sizeof(*b));
		gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
		/* medians of the model, by simulation once: the shift moves it */
		int ok;

		gsl_rng_set(r, 1000 + i);
		btstat_opts_default(&o);
		o.alpha = 0.001;
		o.perms = 2000;   /* p >= 1/2001, still below alpha */
		o.floor_rel = cmps[i].floor_rel;
		draw(r, a, cmps[i].na, 0);
		draw(r, b, cmps[i].nb, cmps[i].shift);
		btstat_compare(a, cmps[i].na, b, cmps[i].nb, &o, &c);
		btstat_compare(a, cmps[i].na, b, cmps[i].nb, &o, &c2);
		ok = c.flag == cmps[i].flag && c.tested == cmps[i].tested;
		/* The true shift of the medians lies within the interval widened
		 * by half its width on each side (coverage proper: see below). */
		if (c.tested)
			ok &= c.lo - (c.hi - c.lo) / 2 <= cmps[i].shift &&
			      cmps[i].shift <= c.hi + (c.hi - c.lo) / 2 &&
			      c.lo <= c.diff && c.diff <= c.hi;
		ok &= !c.tested || (c.p == c2.p && c.lo == c2.lo && c.hi == c2.hi);
		unit_ok(ok, "%s: diff %.1f [%.1f, %.1f], p %.4g, flag %d (same seed, same answer)",
			cmps[i].what, c.diff, c.lo, c.hi, c.p, c.flag);
		gsl_rng_free(r);
		free(a);
		free(b);
	}
}

static void test_edges(void)
{
	double a[20], b[20];
	struct btstat_opts o;
	struct btstat_cmp c;

	btstat_opts_default(&o);
	for (int i = 0; i < 20; i++) {
		a[i] = 100 + i;
		b[i] = 1000 + i;
	}
	btstat_compare(a, 20, b, 20, &o, &c);
	unit_ok(c.p == 1.0 / (1.0 + (double)o.perms) && c.flag == 1 && c.diff == 900,
		"complete separation: p = 1/(perms+1) = %.3g, the smallest possible", c.p);
	for (int i = 0; i < 20; i++)
		b[i] = a[i];
	btstat_compare(a, 20, b, 20, &o, &c);
	unit_ok(c.p == 1 && c.diff == 0 && c.flag == 0, "identical samples: p = 1, diff 0");
	/* distinct values: a median of heavily tied data moves in whole
	 * steps, and most relabellings would tie the observed difference */
	for (int i = 0; i < 20; i++)
		a[i] = 1000 + i * 0.01, b[i] = 1001 + i * 0.01;
	o.floor_abs = 2;
	btstat_compare(a, 20, b, 20, &o, &c);
	unit_ok(c.p < o.alpha && !c.beyond_floor && c.flag == 0,
		"a 1-unit change under a 2-unit absolute floor: significant, not flagged");
}

static void test_verdicts(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(verdicts); i++) {
		struct btstat_cmp a = { .flag = verdicts[i].f1, .tested = verdicts[i].t1 };
		struct btstat_cmp b = { .flag = verdicts[i].f2, .tested = verdicts[i].t2 };
		enum btstat_verdict v = btstat_verdict(&a, verdicts[i].have2 ? &b : NULL);

		unit_ok(v == verdicts[i].want, "verdict: flag %+d then %s%+d: %s",
			verdicts[i].f1, verdicts[i].have2 ? "" : "(none) ", verdicts[i].f2,
			btstat_verdict_names[v]);
	}
}

/*
 * The permutation test's level: 1000 A = A comparisons (n = 30 a side, 199
 * permutations, seed 5).  At alpha = 0.05 the count of rejections is
 * Binomial(1000, <= 0.05): mean <= 50, and P(count > 75) < 1e-4.
 * Coverage of the 95% bootstrap interval over 300 shifted pairs (n = 60):
 * percentile intervals of a median are slightly liberal at small n, so
 * the check is a band: P(outside [0.88, 0.995]) < 1e-4 if the true
 * coverage is anywhere in [0.91, 0.975].
 */
static void test_level_and_coverage(void)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	struct btstat_opts o;
	double a[60], b[60];
	int rej = 0, cover = 0;

	btstat_opts_default(&o);
	o.perms = 199;
	o.reps = 200;
	o.floor_abs = o.floor_rel = 0;
	gsl_rng_set(r, 5);
	for (int t = 0; t < 1000; t++) {
		struct btstat_cmp c;

		draw(r, a, 30, 0);
		draw(r, b, 30, 0);
		o.seed = (unsigned long)t + 1;
		btstat_compare(a, 30, b, 30, &o, &c);
		rej += c.p < 0.05;
	}
	unit_ok(rej <= 75, "permutation test level: %d of 1000 A = A rejected at 0.05", rej);
	o.perms = 1;
	o.reps = 1000;
	for (int t = 0; t < 300; t++) {
		struct btstat_cmp c;

		draw(r, a, 60, 0);
		draw(r, b, 60, 150);
		o.seed = (unsigned long)t + 1;
		btstat_compare(a, 60, b, 60, &o, &c);
		cover += c.lo <= 150 && 150 <= c.hi;
	}
	unit_ok(cover >= 264 && cover <= 298,
		"bootstrap 95%% interval covered the true shift %d of 300 times", cover);
	gsl_rng_free(r);
}

int main(void)
{
	test_sums();
	test_compare();
	test_edges();
	test_verdicts();
	test_level_and_coverage();
	return unit_done();
}
