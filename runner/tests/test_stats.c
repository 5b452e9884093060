/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The statistics core against known values (R 4.x and published tables,
 * quoted beside each row) and, where only a distribution says what is
 * right, coverage by simulation with fixed seeds, each end of an interval
 * counted on its own: an interval that is right on average but wrong at
 * one end (its lower end at the smallest replicate, an off-by-one rank)
 * fails here.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort_double.h>

#include "stats.h"
#include "unit.h"

static int near(double x, double want, double tol)
{
	return fabs(x - want) <= tol;
}

/* quantile(1:10, ..., type = 7) and of c(3, 1, 2), in R */
static const struct {
	size_t n;
	double v[10];
	double q, want;
} quantiles[] = {
	{ 10, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.10, 1.9 },
	{ 10, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.25, 3.25 },
	{ 10, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.50, 5.5 },
	{ 10, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.90, 9.1 },
	{ 10, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.00, 1 },
	{ 10, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 1.00, 10 },
	{ 3, { 1, 2, 3 }, 0.5, 2 },
	{ 3, { 1, 2, 3 }, 0.9, 2.8 },
	{ 1, { 42 }, 0.3, 42 },
};

static void test_quantiles(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(quantiles); i++) {
		double v[10], got = stats_quantile(quantiles[i].v, quantiles[i].n, quantiles[i].q);
		double got2;

		memcpy(v, quantiles[i].v, sizeof(v));
		/* reversed, for the O(n) selection path */
		for (size_t k = 0; k < quantiles[i].n / 2; k++) {
			double t = v[k];

			v[k] = v[quantiles[i].n - 1 - k];
			v[quantiles[i].n - 1 - k] = t;
		}
		got2 = stats_quantile_unsorted(v, quantiles[i].n, quantiles[i].q);
		unit_ok(near(got, quantiles[i].want, 1e-12) && near(got2, quantiles[i].want, 1e-12),
			"type 7 quantile %.2f of %zu values: %g and %g (R: %g)", quantiles[i].q,
			quantiles[i].n, got, got2, quantiles[i].want);
	}
	unit_ok(isnan(stats_quantile(NULL, 0, 0.5)), "quantile of nothing: NAN");
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void test_median(void)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	int ok = 1;

	gsl_rng_set(r, 7);
	for (size_t n = 1; n <= 64 && ok; n++)
		for (int t = 0; t < 50 && ok; t++) {
			double v[64], s[64];

			for (size_t i = 0; i < n; i++) /* few distinct values: ties */
				v[i] = s[i] = (double)gsl_rng_uniform_int(r, t % 2 ? 5 : 1000);
			qsort(s, n, sizeof(*s), dcmp);
			ok = stats_median(v, n) == stats_quantile(s, n, 0.5);
		}
	unit_ok(ok, "selection median equals the sorted type 7 median (n 1..64, with ties)");
	gsl_rng_free(r);
}

/*
 * Order-statistic median intervals: [x_(l), x_(n+1-l)] with P(Bin(n,1/2)
 * <= l-1) <= (1-c)/2 (Conover, Practical Nonparametric Statistics, table
 * A3; pbinom in R).
 */
static const struct {
	size_t n;
	double conf;
	size_t l, u;
	double cover;
} mci[] = {
	{ 10, 0.95, 2, 9, 0.978515625 },   /* 1 - 2 pbinom(1, 10, .5) */
	{ 12, 0.95, 3, 10, 0.961425781 },  /* 1 - 2 pbinom(2, 12, .5) */
	{ 20, 0.95, 6, 15, 0.958610535 },  /* 1 - 2 pbinom(5, 20, .5) */
	{ 20, 0.99, 4, 17, 0.997423172 },  /* 1 - 2 pbinom(3, 20, .5) */
	{ 100, 0.95, 40, 61, 0.964799800 }, /* 1 - 2 pbinom(39, 100, .5) */
};

static void test_median_ci(void)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	int below = 0, above = 0;
	double x[20], lo, hi, cover;

	for (size_t i = 0; i < UNIT_ARRAY_SIZE(mci); i++) {
		double v[100];

		for (size_t k = 0; k < mci[i].n; k++)
			v[k] = (double)k + 1; /* x_(k) = k */
		stats_median_ci(v, mci[i].n, mci[i].conf, &lo, &hi, &cover);
		unit_ok(lo == (double)mci[i].l && hi == (double)mci[i].u &&
			near(cover, mci[i].cover, 1e-6), "median interval n=%zu at %g: "
			"[x_(%g), x_(%g)], coverage %.6f (table: [%zu, %zu], %.6f)", mci[i].n,
			mci[i].conf, lo, hi, cover, mci[i].l, mci[i].u, mci[i].cover);
	}
	{
		double v[5] = { 1, 2, 3, 4, 5 };

		stats_median_ci(v, 5, 0.95, &lo, &hi, &cover);
		unit_ok(lo == 1 && hi == 5 && near(cover, 0.9375, 1e-12),
			"5 values at 95%%: no l reaches it, the range covers 0.9375 and says so");
	}
	/*
	 * Each end on its own: 4000 samples of 20 from Exp(1) (median ln 2).
	 * The true median lies below the lower end with probability
	 * pbinom(5, 20, .5) = 0.0207 (so 82.8 expected), and above the upper
	 * end with the same: a count in [45, 125] fails by chance with
	 * probability < 1e-5 a side; an interval one rank off moves the count
	 * to ~236 or ~23 (pbinom(6 or 4, 20, .5)).
	 */
	gsl_rng_set(r, 3);
	for (int t = 0; t < 4000; t++) {
		for (int k = 0; k < 20; k++)
			x[k] = gsl_ran_exponential(r, 1);
		gsl_sort(x, 1, 20);
		stats_median_ci(x, 20, 0.95, &lo, &hi, NULL);
		below += M_LN2 < lo;
		above += M_LN2 > hi;
	}
	unit_ok(below >= 45 && below <= 125 && above >= 45 && above <= 125,
		"median interval misses low %d and high %d times in 4000 (82.8 each expected)",
		below, above);
	gsl_rng_free(r);
}

/* A boot phase: 1000 + N(0, 30) + Exp(mean 100) with probability 0.3. */
static double phase(gsl_rng *r, double shift)
{
	double x = 1000 + shift + gsl_ran_gaussian(r, 30);

	if (gsl_rng_uniform(r) < 0.3)
		x += gsl_ran_exponential(r, 100);
	return x;
}

struct meddiff {
	const double *a, *b;
	double buf[200];
};

static double med_of(const double *x, const size_t *idx, size_t n, double *buf)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = x[idx[i]];
	return stats_median(buf, n);
}

static double meddiff(const size_t *ia, size_t na, const size_t *ib, size_t nb, void *ctx)
{
	struct meddiff *m = ctx;

	return med_of(m->b, ib, nb, m->buf) - med_of(m->a, ia, na, m->buf);
}

static double always_nan(const size_t *ia, size_t na, const size_t *ib, size_t nb, void *ctx)
{
	(void)ia, (void)na, (void)ib, (void)nb, (void)ctx;
	return NAN;
}

/*
 * The percentile bootstrap of a median difference, each end on its own:
 * 1000 pairs of 60 + 60 phases, B shifted by 150 (the true difference of
 * the medians).  A percentile interval of a median is slightly liberal at
 * this n: each end misses 1.5-4% of the time here (counts ~15-40); a band
 * of [5, 70] a side fails by chance with probability < 1e-4 if the true
 * rate is anywhere in [1.5%, 4.5%], while an end at the smallest or the
 * largest replicate misses (nearly) never on that side.
 */
static void test_bootstrap(void)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	struct stats_boot o = { 400, 1, 0.95 };
	struct meddiff m;
	double a[60], b[60], lo, hi;
	int low = 0, high = 0;

	gsl_rng_set(r, 5);
	m.a = a;
	m.b = b;
	for (int t = 0; t < 1000; t++) {
		for (int k = 0; k < 60; k++) {
			a[k] = phase(r, 0);
			b[k] = phase(r, 150);
		}
		o.seed = (unsigned long)t + 1;
		stats_bootstrap(60, 60, meddiff, &m, &o, &lo, &hi);
		low += hi < 150;   /* the interval lies below the truth */
		high += lo > 150;
	}
	unit_ok(low >= 5 && low <= 70 && high >= 5 && high <= 70,
		"bootstrap 95%% interval: below the truth %d, above it %d, of 1000", low, high);
	for (int k = 0; k < 60; k++)
		a[k] = b[k] = 7;
	stats_bootstrap(60, 60, meddiff, &m, &o, &lo, &hi);
	unit_ok(lo == 0 && hi == 0, "constant samples: [0, 0]");
	stats_bootstrap(60, 60, always_nan, NULL, &o, &lo, &hi);
	unit_ok(isinf(lo) && lo < 0 && isinf(hi) && hi > 0,
		"every replicate undefined: (-inf, inf), no end placed");
	{
		double sorted[4] = { -INFINITY, 1, 2, INFINITY };

		unit_ok(stats_quantile(sorted, 4, 0.1) == -INFINITY &&
			stats_quantile(sorted, 4, 0.9) == INFINITY,
			"an end next to an infinite replicate takes the wider value");
	}
	gsl_rng_free(r);
}


/* A statistic that ignores the resample and counts: replicate k is k + 1,
 * so the interval's ends are known exactly (type 7 of 1..reps). */
static double counter(const size_t *ia, size_t na, const size_t *ib, size_t nb, void *ctx)
{
	double *k = ctx;

	(void)ia, (void)na, (void)ib, (void)nb;
	return ++*k;
}

static void test_bootstrap_ends(void)
{
	struct stats_boot o = { 1000, 1, 0.95 };
	double k = 0, lo, hi;

	stats_bootstrap(5, 5, counter, &k, &o, &lo, &hi);
	/* quantile(1:1000, c(.025, .975), type = 7) in R */
	unit_ok(near(lo, 25.975, 1e-9) && near(hi, 975.025, 1e-9),
		"bootstrap ends are the type 7 quantiles of the replicates: [%g, %g] "
		"(R: 25.975, 975.025)", lo, hi);
	k = 0;
	o.confidence = 0.99;
	stats_bootstrap(5, 5, counter, &k, &o, &lo, &hi);
	unit_ok(near(lo, 5.995, 1e-9) && near(hi, 995.005, 1e-9),
		"at 99%%: [%g, %g] (R: 5.995, 995.005)", lo, hi);
}
/*
 * The large-sample branch (both sides >= 50) against the exact null
 * distribution of the rank sum, counted by dynamic programming over
 * subsets of {1..n} (no ties): 60 values 0..59 against 60 at 10.5..69.5
 * (exact p 2.37e-3: the approximation within 10%, above it), and at
 * 25.5..84.5, p near 1e-11, far below what 10,000 relabellings resolve
 * (the approximation conservative there by an order of magnitude).
 */
static double rank_exact_p(size_t na, size_t nb, double rb)
{
	size_t n = na + nb, smax = n * (n + 1) / 2;
	double *w = calloc((nb + 1) * (smax + 1), sizeof(*w)), all, tail = 0;
	double mean = (double)nb * (double)(n + 1) / 2, t = fabs(rb - mean);

	w[0] = 1; /* w[k][s]: subsets of size k with rank sum s */
	for (size_t r = 1; r <= n; r++)
		for (size_t k = r < nb ? r : nb; k >= 1; k--)
			for (size_t s = smax; s >= r; s--)
				w[k * (smax + 1) + s] += w[(k - 1) * (smax + 1) + s - r];
	all = 0;
	for (size_t s = 0; s <= smax; s++) {
		double c = w[nb * (smax + 1) + s];

		all += c;
		if (fabs((double)s - mean) >= t - 1e-9)
			tail += c;
	}
	free(w);
	return tail / all;
}

static void test_rank_normal(void)
{
	double a[60], b[60], p, exact;
	static const double shift[] = { 10.5, 25.5 };

	for (size_t k = 0; k < UNIT_ARRAY_SIZE(shift); k++) {
		double rb = 0;

		for (int i = 0; i < 60; i++) {
			a[i] = i;
			b[i] = i + shift[k];
		}
		stats_rank_test(a, 60, b, 60, 10000, 1, &p, NULL);
		/* b's ranks: each b[i] sits above the a's below it */
		for (int i = 0; i < 60; i++) {
			int below = 0;

			for (int j = 0; j < 60; j++)
				below += a[j] < b[i];
			rb += below + i + 1;
		}
		exact = rank_exact_p(60, 60, rb);
		/* the rank sum's tails are lighter than the normal's, so the
		 * approximation errs on the side of a larger p */
		unit_ok(p >= exact && (k ? p < 1e-8 : p / exact < 1.1),
			"60 vs 60 shifted by %g: normal p %.4g >= exact %.4g%s", shift[k], p, exact,
			k ? ", far below 1/10001" : ", within 10%");
	}
}

/* wilcox.test(x, y, exact = TRUE)$p.value in R */
static void test_rank(void)
{
	double a[20], b[20], p, auc;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	int rej = 0;

	for (int i = 0; i < 10; i++) {
		a[i] = i + 1;
		b[i] = i + 11;
	}
	stats_rank_test(a, 3, b, 3, 10000, 1, &p, &auc);
	unit_ok(near(p, 0.1, 1e-12) && auc == 1, "1,2,3 vs 11,12,13: exact p = 0.1 (R), AUC 1");
	stats_rank_test(b, 3, a, 3, 10000, 1, &p, &auc);
	unit_ok(near(p, 0.1, 1e-12) && auc == 0, "the other way round: the same p, AUC 0");
	stats_rank_test(a, 5, b, 5, 10000, 1, &p, &auc);
	unit_ok(near(p, 2.0 / 252, 1e-12), "1..5 vs 11..15: exact p = 2/252 = %.6f (R 0.007937)", p);
	stats_rank_test(a, 10, b, 10, 10000, 1, &p, &auc);
	unit_ok(p == 1.0 / 10001, "10 vs 10 separated: Monte Carlo p = 1/(1 + 10000)");
	stats_rank_test(a, 10, a, 10, 10000, 1, &p, &auc);
	unit_ok(p == 1 && auc == 0.5, "a sample against itself: p = 1, AUC 0.5");
	/*
	 * The level: 1000 A = A tests of 30 + 30 phases at 199 relabellings.
	 * Rejections at 0.05 are Binomial(1000, <= 0.05): P(count > 75) < 1e-4.
	 */
	gsl_rng_set(r, 9);
	for (int t = 0; t < 1000; t++) {
		double x[30], y[30];

		for (int k = 0; k < 30; k++) {
			x[k] = phase(r, 0);
			y[k] = phase(r, 0);
		}
		stats_rank_test(x, 30, y, 30, 199, (unsigned long)t + 1, &p, NULL);
		rej += p < 0.05;
	}
	unit_ok(rej <= 75, "rank test level: %d of 1000 A = A rejected at 0.05", rej);
	gsl_rng_free(r);
	test_rank_normal();
}

static const struct {
	unsigned long ka, na, kb, nb;
	double p;
	const char *what;
} fishers[] = {
	{ 3, 4, 1, 4, 0.4857142857, "Fisher's tea table (R)" },
	{ 0, 300, 5, 300, 0.06145922, "no failure against 5 of 300 (R)" },
	{ 0, 300, 0, 300, 1, "no event on either side" },
	{ 10, 20, 10, 20, 1, "equal shares" },
	{ 0, 1000, 40, 1000, 1.221887e-12, "0 of 1000 against 40 of 1000 (R)" },
	{ 1, 5, 0, 0, 1, "an empty side is no evidence" },
};

/* binom.test(k, n)$conf.int in R */
static const struct {
	unsigned long k, n;
	double conf, lo, hi;
} cps[] = {
	{ 0, 300, 0.95, 0, 0.01222098 },   /* 1 - 0.025^(1/300) */
	{ 3, 10, 0.95, 0.06673951, 0.65245285 },
	{ 10, 10, 0.95, 0.69150289, 1 },
	{ 5, 1000, 0.99, 0.001079507, 0.014085148 }, /* binomial tails, by bisection */
};

static void test_proportions(void)
{
	double p[] = { 0.01, 0.04, 0.03, 0.005, NAN }, adj[5];
	double want[] = { 0.03, 0.06, 0.06, 0.02 };
	int ok = 1;

	for (size_t i = 0; i < UNIT_ARRAY_SIZE(fishers); i++) {
		double got = stats_fisher(fishers[i].ka, fishers[i].na, fishers[i].kb, fishers[i].nb);

		unit_ok(near(got, fishers[i].p, 1e-6 * fishers[i].p + 1e-12),
			"fisher %s: %.8g (want %.8g)", fishers[i].what, got, fishers[i].p);
	}
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(cps); i++) {
		double lo, hi;

		stats_binomial_ci(cps[i].k, cps[i].n, cps[i].conf, &lo, &hi);
		unit_ok(near(lo, cps[i].lo, 1e-7) && near(hi, cps[i].hi, 1e-7),
			"Clopper-Pearson %lu of %lu at %g: [%.8f, %.8f] (R [%.8f, %.8f])",
			cps[i].k, cps[i].n, cps[i].conf, lo, hi, cps[i].lo, cps[i].hi);
	}
	stats_holm(p, 5, adj);
	for (int i = 0; i < 4; i++)
		ok &= near(adj[i], want[i], 1e-12);
	unit_ok(ok && isnan(adj[4]), "Holm: p.adjust(c(.01,.04,.03,.005), 'holm') in R, NAN kept out");
}

static void test_distributions(void)
{
	unit_ok(near(stats_poisson_upper(0, 0.99), 4.605170, 1e-5) &&
		near(stats_poisson_upper(1, 0.99), 6.638352, 1e-5) &&
		near(stats_poisson_upper(2, 0.99), 8.405947, 1e-5),
		"Garwood 99%% upper limits for 0, 1, 2 events: 4.61, 6.64, 8.41");
	unit_ok(stats_poisson_lower(0, 0.99) == 0 &&
		near(stats_poisson_lower(10, 0.99), 4.130199, 1e-5),
		"Garwood 99%% lower limits: 0 events 0, 10 events 4.1302 (qchisq(.01, 20)/2)");
	unit_ok(near(stats_chi2_q(3.841459, 1), 0.05, 1e-6) &&
		near(stats_chi2_q(18.307038, 10), 0.05, 1e-6),
		"chi-square tails: qchisq(.95, 1) and (.95, 10) give 0.05");
	unit_ok(near(stats_binom_two_sided(0, 10, 0.5), 2 * pow(0.5, 10), 1e-12) &&
		stats_binom_two_sided(5, 10, 0.5) == 1,
		"binomial two-sided: 0 of 10 is 2^-9, 5 of 10 is 1");
}

static void test_quantile_change(void)
{
	struct stats_boot o = { 500, 1, 0.95 };
	double x[50], y[50], est, lo, hi;

	for (int i = 0; i < 50; i++) {
		x[i] = 100;
		y[i] = 120;
	}
	stats_quantile_change(x, 50, y, 50, 0.5, &o, &est, &lo, &hi);
	unit_ok(near(est, 0.2, 1e-12) && near(lo, 0.2, 1e-12) && near(hi, 0.2, 1e-12),
		"median change of constants: +20%%, [+20%%, +20%%]");
	for (int i = 0; i < 50; i++) {
		x[i] = 100 + i;
		y[i] = 2 * (100 + i);
	}
	stats_quantile_change(x, 50, y, 50, 0.1, &o, &est, &lo, &hi);
	unit_ok(near(est, 1, 1e-12) && lo <= 1 && 1 <= hi,
		"lower-decile change of a doubled sample: +100%% inside [%.3f, %.3f]", lo, hi);
	stats_quantile_change(x, 0, y, 50, 0.5, &o, &est, &lo, &hi);
	unit_ok(isnan(est) && isnan(lo), "an empty side: NAN");
}

int main(void)
{
	test_quantiles();
	test_median();
	test_median_ci();
	test_bootstrap();
	test_bootstrap_ends();
	test_rank();
	test_proportions();
	test_distributions();
	test_quantile_change();
	return unit_done();
}
