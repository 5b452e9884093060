/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort_double.h>

#include "btstat.h"
#include "cmpstat.h"

/* log C(n, k) through lgamma: exact enough for n up to 1e9. */
static double cmpstat_lchoose(double n, double k)
{
	return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/*
 * Fisher (1922), two-sided as in R's fisher.test: with both margins fixed
 * the count ka is hypergeometric, P(X = x) = C(K,x) C(N-K,na-x) / C(N,na)
 * with K = ka + kb, N = na + nb; p sums the probabilities of every table
 * no more likely than the one observed (relative tolerance 1e-7 for
 * rounding).  Exact for any n; the support is at most min(K, na) + 1 terms.
 */
double cmpstat_fisher(unsigned long ka, unsigned long na, unsigned long kb,
		      unsigned long nb)
{
	double N = (double)na + (double)nb, K = (double)ka + (double)kb;
	double lo, hi, lobs, den, p = 0;

	if (ka > na || kb > nb || !na || !nb || K == 0 || K == N)
		return 1;
	lo = fmax(0, (double)na - (N - K));
	hi = fmin(K, (double)na);
	den = cmpstat_lchoose(N, (double)na);
	lobs = cmpstat_lchoose(K, (double)ka) + cmpstat_lchoose(N - K, (double)na - (double)ka) - den;
	for (double x = lo; x <= hi; x++) {
		double l = cmpstat_lchoose(K, x) + cmpstat_lchoose(N - K, (double)na - x) - den;

		if (l <= lobs + 1e-7)
			p += exp(l);
	}
	return fmin(1, p);
}

static int cmpstat_dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Mann & Whitney (1947).  U counts the pairs (x, y) with x < y, ties
 * one half, from the ranks of the pooled sample: U = R_y - ny(ny+1)/2.
 * Under H0 (same distribution) E[U] = nx ny / 2 and, with ties of sizes
 * t, Var[U] = nx ny / 12 ((N+1) - sum(t^3 - t) / (N(N-1))) (Lehmann,
 * Nonparametrics, 1975, 1.4).  z with continuity correction 0.5; the normal
 * approximation is good from about 10 values a side (Google Benchmark's
 * compare.py warns below 9).
 */
double cmpstat_mann_whitney(const double *x, size_t nx, const double *y,
			    size_t ny, double *auc)
{
	struct { double v; int side; } *all;
	double N = (double)(nx + ny), ry = 0, ties = 0, u, mu, var, z;
	size_t n = nx + ny;

	if (auc)
		*auc = NAN;
	if (nx < CMPSTAT_MIN_N || ny < CMPSTAT_MIN_N)
		return NAN;
	all = g_new(typeof(*all), n);
	for (size_t i = 0; i < nx; i++)
		all[i].v = x[i], all[i].side = 0;
	for (size_t i = 0; i < ny; i++)
		all[nx + i].v = y[i], all[nx + i].side = 1;
	qsort(all, n, sizeof(*all), cmpstat_dcmp); /* by v, the first member */
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double rank, t;

		while (j < n && all[j].v == all[i].v)
			j++;
		rank = ((double)i + 1 + (double)j) / 2;
		t = (double)(j - i);
		ties += t * t * t - t;
		for (size_t k = i; k < j; k++)
			if (all[k].side)
				ry += rank;
		i = j;
	}
	g_free(all);
	u = ry - (double)ny * ((double)ny + 1) / 2;
	mu = (double)nx * (double)ny / 2;
	var = (double)nx * (double)ny / 12 * ((N + 1) - ties / (N * (N - 1)));
	if (auc)
		*auc = u / ((double)nx * (double)ny);
	if (var <= 0)
		return 1;
	z = (fabs(u - mu) - 0.5) / sqrt(var);
	return z <= 0 ? 1 : fmin(1, erfc(z / M_SQRT2));
}

double cmpstat_quantile(double *v, size_t n, double q)
{
	double r;

	if (!n)
		return NAN;
	r = ceil(q * (double)n) - 1;
	return btstat_select(v, n, r < 0 ? 0 : (size_t)r >= n ? n - 1 : (size_t)r);
}

double cmpstat_median(double *v, size_t n)
{
	double a;

	if (!n)
		return NAN;
	a = btstat_select(v, n, (n - 1) / 2);
	if (n % 2)
		return a;
	return (a + btstat_select(v, n, n / 2)) / 2;
}

/* The median, or another quantile by nearest rank. */
static double cmpstat_at(double *v, size_t n, double q)
{
	return q == 0.5 ? cmpstat_median(v, n) : cmpstat_quantile(v, n, q);
}

static double cmpstat_resample(const double *v, size_t n, double q, double *buf, gsl_rng *r)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = v[gsl_rng_uniform_int(r, n)];
	return cmpstat_at(buf, n, q);
}

/*
 * The percentile bootstrap (Efron & Tibshirani, An Introduction to the
 * Bootstrap, 1993, 13.3) of the relative change of a quantile (the median:
 * the quantity criterion.rs judges a benchmark by): each replicate
 * resamples both sides with replacement.  Quantiles, not means: boot times
 * under a loaded host have long right tails that a mean follows.
 */
void cmpstat_quantile_change(const double *x, size_t nx, const double *y, size_t ny,
			     double q, unsigned long reps, unsigned long seed, double conf,
			     double *est, double *lo, double *hi)
{
	double *bx, *by, *d, mx, my;
	gsl_rng *r;
	size_t nd = 0;

	*est = *lo = *hi = NAN;
	if (!nx || !ny || !reps)
		return;
	bx = g_new(double, nx);
	by = g_new(double, ny);
	memcpy(bx, x, nx * sizeof(*x));
	memcpy(by, y, ny * sizeof(*y));
	mx = cmpstat_at(bx, nx, q);
	my = cmpstat_at(by, ny, q);
	if (!(mx > 0))
		goto out;
	*est = my / mx - 1;
	d = g_new(double, reps);
	r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, seed);
	for (unsigned long i = 0; i < reps; i++) {
		double a = cmpstat_resample(x, nx, q, bx, r);
		double b = cmpstat_resample(y, ny, q, by, r);

		if (a > 0)
			d[nd++] = b / a - 1;
	}
	gsl_rng_free(r);
	if (nd) {
		gsl_sort(d, 1, nd);
		*lo = d[(size_t)floor((1 - conf) / 2 * (double)(nd - 1))];
		*hi = d[(size_t)ceil((1 + conf) / 2 * (double)(nd - 1))];
	}
	g_free(d);
out:
	g_free(bx);
	g_free(by);
}

void cmpstat_median_change(const double *x, size_t nx, const double *y, size_t ny,
			   unsigned long reps, unsigned long seed, double conf,
			   double *est, double *lo, double *hi)
{
	cmpstat_quantile_change(x, nx, y, ny, 0.5, reps, seed, conf, est, lo, hi);
}

static int cmpstat_holm_cmp(const void *a, const void *b, void *ctx)
{
	const double *p = ctx;
	double x = p[*(const size_t *)a], y = p[*(const size_t *)b];

	return x < y ? -1 : x > y;
}

/*
 * Holm (1979), "A simple sequentially rejective multiple test procedure":
 * sort the m p-values, adj_(i) = max_{j <= i} min(1, (m - j + 1) p_(j)).
 * Rejecting where adj < alpha keeps the family-wise error rate <= alpha
 * under any dependence between the tests.
 */
void cmpstat_holm(const double *p, size_t n, double *adj)
{
	size_t *ord = g_new(size_t, n ? n : 1), m = 0;
	double run = 0;

	for (size_t i = 0; i < n; i++) {
		adj[i] = NAN;
		if (!isnan(p[i]))
			ord[m++] = i;
	}
	qsort_r(ord, m, sizeof(*ord), cmpstat_holm_cmp, (void *)p);
	for (size_t i = 0; i < m; i++) {
		double a = fmin(1, p[ord[i]] * (double)(m - i));

		run = fmax(run, a);
		adj[ord[i]] = run;
	}
	g_free(ord);
}

/*
 * Distribution-free interval of a median from order statistics: the
 * number of values below the true median is binomial(n, 1/2), so
 * [x_(l), x_(u)] with l = floor(n/2 - z sqrt(n)/2), u = ceil(n/2 + 1 +
 * z sqrt(n)/2) covers it with probability ~conf (Conover, Practical
 * Nonparametric Statistics, 3rd ed., 3.2, normal approximation).
 */
void cmpstat_median_ci(double *v, size_t n, double conf, double *lo, double *hi)
{
	double z, h, l, u;

	*lo = *hi = NAN;
	if (n < 2)
		return;
	gsl_sort(v, 1, n);
	z = -gsl_cdf_ugaussian_Pinv((1 - conf) / 2);
	h = z * sqrt((double)n) / 2;
	l = floor((double)n / 2 - h);
	u = ceil((double)n / 2 + 1 + h);
	*lo = v[l < 1 ? 0 : (size_t)l - 1];
	*hi = v[u > (double)n ? n - 1 : (size_t)u - 1];
}
