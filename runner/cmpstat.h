/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Two-sample statistics for comparing two runs (hardboot compare,
 * hardboot report): Fisher's exact test of two proportions, Mann-Whitney U
 * of two samples of durations, a bootstrap interval of the relative change
 * of their medians, and Holm's step-down adjustment over a family of tests.
 * Every function is plain arithmetic on arrays: no GSL call that can abort.
 */
#ifndef HB_RUNNER_CMPSTAT_H
#define HB_RUNNER_CMPSTAT_H

#include <stddef.h>

/* Two-sided p of Fisher's exact test: ka of na against kb of nb. */
double cmpstat_fisher(unsigned long ka, unsigned long na, unsigned long kb,
		      unsigned long nb);
/* Two-sided p of the Mann-Whitney U test (normal approximation with tie
 * and continuity corrections); *auc = P(X < Y) + P(X = Y)/2 if non-NULL.
 * NAN below CMPSTAT_MIN_N values per side. */
#define CMPSTAT_MIN_N 10
double cmpstat_mann_whitney(const double *x, size_t nx, const double *y,
			    size_t ny, double *auc);
/* Median of v[0..n) (v is reordered); NAN for n == 0. */
double cmpstat_median(double *v, size_t n);
/* Quantile q in [0,1] of v[0..n) (v is reordered), nearest rank. */
double cmpstat_quantile(double *v, size_t n, double q);
/* median(y) / median(x) - 1 and its bootstrap percentile interval at conf:
 * reps resamples of each side with replacement, mt19937 seeded with seed
 * so that the same inputs give the same interval. */
void cmpstat_median_change(const double *x, size_t nx, const double *y, size_t ny,
			   unsigned long reps, unsigned long seed, double conf,
			   double *est, double *lo, double *hi);
/* Interval of the median of v[0..n) at conf from order statistics (v is
 * sorted); NAN below 2 values. */
void cmpstat_median_ci(double *v, size_t n, double conf, double *lo, double *hi);
/* The same for quantile q of each side (nearest rank; 0.5: the median). */
void cmpstat_quantile_change(const double *x, size_t nx, const double *y, size_t ny,
			     double q, unsigned long reps, unsigned long seed, double conf,
			     double *est, double *lo, double *hi);
/* Holm (1979) step-down: adj[i] for p[i], monotone, at most 1.  NAN p are
 * not tests: their adj is NAN and they do not count in m. */
void cmpstat_holm(const double *p, size_t n, double *adj);

#endif
