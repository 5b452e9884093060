/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The one statistics core every command uses: a number printed by
 * `boottime`, `compare`, `report` or `entropy --compare` comes from the same
 * rule wherever it appears.
 *
 *   quantiles        Hyndman-Fan type 7 (R's default); the median is its
 *                    value at 0.5
 *   bootstrap        percentile interval, one endpoint rule: the type 7
 *                    quantiles (1-c)/2 and (1+c)/2 of the replicates; the
 *                    statistic is the caller's (a callback on resampled
 *                    index arrays, one or two samples)
 *   median interval  distribution-free, from order statistics with exact
 *                    binomial coverage
 *   rank test        Wilcoxon-Mann-Whitney, two-sided, by permutation (all
 *                    relabellings when they are few, else Monte Carlo)
 *   proportions      Fisher's exact test, the Clopper-Pearson interval
 *   families         Holm's step-down adjustment
 *   distributions    Poisson (Garwood) limits, chi-square and binomial tails
 *
 * Every random choice comes from one mt19937 seeded by the caller: the
 * same data give the same interval and p-value on every machine.  No
 * function aborts (GSL's error handler is off; main()).
 */
#ifndef HB_RUNNER_STATS_H
#define HB_RUNNER_STATS_H

#include <stddef.h>

/* Fewer values a side than this: no two-sample test or interval (a rank
 * test could not reach the levels used, a median's interval is the range). */
#define STATS_MIN_N 10

/* ---- quantiles ------------------------------------------------------------ */

/* Type 7 quantile q in [0,1] of sorted[0..n); NAN for n == 0. */
double stats_quantile(const double *sorted, size_t n, double q);
/* k-th smallest of v[0..n) (0-based), O(n) expected; v is reordered. */
double stats_select(double *v, size_t n, size_t k);
/* The type 7 quantile q of v[0..n) in O(n) (v is reordered). */
double stats_quantile_unsorted(double *v, size_t n, double q);
/* Its value at 0.5: the middle value, or the mean of the two middle ones. */
double stats_median(double *v, size_t n);

/* ---- bootstrap ------------------------------------------------------------ */

/*
 * The statistic of a replicate: ia[0..na) and ib[0..nb) index the original
 * samples (drawn with replacement; ib is NULL for a one-sample statistic).
 * NAN: undefined on this replicate (no collision on either side, a zero
 * baseline); +-INFINITY are values.
 */
typedef double (*stats_statistic)(const size_t *ia, size_t na, const size_t *ib,
				  size_t nb, void *ctx);

struct stats_boot {
	unsigned long reps;     /* replicates */
	unsigned long seed;     /* of the mt19937 */
	double confidence;      /* two-sided: the interval covers with this */
};

/*
 * Percentile bootstrap (Efron & Tibshirani, An Introduction to the
 * Bootstrap, 1993, 13.3): reps replicates, each resampling both samples
 * independently with replacement; the interval is the type 7 quantiles
 * (1-c)/2 and (1+c)/2 of the defined replicates.  When more than (1-c)/2
 * of them are undefined the data cannot place an end: (-inf, inf).
 * nb = 0: one sample.  0, or -ENOMEM.
 */
int stats_bootstrap(size_t na, size_t nb, stats_statistic fn, void *ctx,
		    const struct stats_boot *o, double *lo, double *hi);

/*
 * quantile_q(y) / quantile_q(x) - 1 (q = 0.5: the median, the quantity
 * criterion.rs judges a benchmark by) and its percentile bootstrap
 * interval.  Quantiles, not means: boot times under a loaded host have long
 * right tails that a mean follows.  0, or -ENOMEM; NAN when a side is
 * empty or its quantile is not positive.
 */
int stats_quantile_change(const double *x, size_t nx, const double *y, size_t ny, double q,
			  const struct stats_boot *o, double *est, double *lo, double *hi);

/* ---- medians ---------------------------------------------------------------- */

/*
 * Distribution-free interval of the median of sorted[0..n) (Conover,
 * Practical Nonparametric Statistics, 3rd ed., 3.2): [x_(l), x_(n+1-l)]
 * with l the largest rank whose binomial tail P(Bin(n, 1/2) < l) is at most
 * (1-c)/2; its coverage is at least c (n = 10, c = 0.95: [x_(2), x_(9)],
 * coverage 0.9785).  Below the n that allows any such l, the whole range
 * and *cover < c.  cover may be NULL.
 */
void stats_median_ci(const double *sorted, size_t n, double conf, double *lo,
		     double *hi, double *cover);

/* ---- rank test ---------------------------------------------------------------- */

/*
 * Wilcoxon-Mann-Whitney, two-sided (Mann & Whitney 1947; Good,
 * Permutation, Parametric and Bootstrap Tests of Hypotheses, 2005, ch. 3):
 * the statistic |R_B - nb (n+1)/2| on mid-ranks (ties share their rank),
 * its p-value by relabelling: every relabelling when there are at most
 * perms of them (exact), else perms random ones with p = (1 + #{T* >= T})
 * / (1 + perms) (Phipson & Smyth 2010: valid for any count); with both
 * sides of at least STATS_RANK_NORMAL_N and more relabellings than perms,
 * the normal approximation with tie and continuity corrections (R's
 * wilcox.test, exact = FALSE), which resolves the small p a family of many
 * comparisons needs; the rank sum's tails are lighter than the normal's,
 * so it errs towards larger p (60 + 60: +8% at p = 2.4e-3).  *auc = P(A <
 * B) + P(A = B)/2.  0, or -ENOMEM; p = 1 for an empty side.
 */
#define STATS_RANK_NORMAL_N 50

int stats_rank_test(const double *a, size_t na, const double *b, size_t nb,
		    unsigned long perms, unsigned long seed, double *p, double *auc);

/* ---- proportions and families ------------------------------------------------ */

/* Fisher (1922), two-sided as R's fisher.test: ka of na against kb of nb. */
double stats_fisher(unsigned long ka, unsigned long na, unsigned long kb,
		    unsigned long nb);
/* Clopper-Pearson exact two-sided interval of k successes in n trials. */
void stats_binomial_ci(unsigned long k, unsigned long n, double conf, double *lo,
		       double *hi);
/* Holm (1979) step-down: adj[i] for p[i], monotone, at most 1.  NAN p are
 * not tests: their adj is NAN and they do not count. */
void stats_holm(const double *p, size_t n, double *adj);

/* ---- distributions -------------------------------------------------------------- */

/* Poisson limits for an observed count c, one-sided at level conf
 * (Garwood 1936): upper chi2_{2(c+1)}(conf)/2, lower chi2_{2c}(1-conf)/2. */
double stats_poisson_upper(double c, double conf);
double stats_poisson_lower(double c, double conf);
/* Upper tail of chi-square with df degrees of freedom. */
double stats_chi2_q(double x, double df);
/* Two-sided p of k successes in n Bernoulli(p) trials: twice the smaller
 * exact tail (the normal approximation beyond 2e5 trials). */
double stats_binom_two_sided(double k, double n, double p);

#endif
