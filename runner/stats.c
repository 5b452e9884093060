/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort_double.h>

#include "stats.h"

/* ---- quantiles ------------------------------------------------------------ */

/*
 * Type 7 of Hyndman & Fan (1996), "Sample quantiles in statistical
 * packages", Am. Stat. 50(4): h = (n - 1) q, interpolate between the
 * order statistics floor(h) and floor(h) + 1 (0-based).  R's default:
 * quantile(1:10, c(.1, .25, .5, .9)) = 1.9, 3.25, 5.5, 9.1.
 */
double stats_quantile(const double *sorted, size_t n, double q)
{
	double h, f;
	size_t i;

	if (!n)
		return NAN;
	h = (double)(n - 1) * fmin(1, fmax(0, q));
	i = (size_t)floor(h);
	f = h - (double)i;
	if (i + 1 >= n)
		return sorted[n - 1];
	/* between an infinite value and another nothing interpolates: an end
	 * below the middle takes the lower neighbour, above it the upper one
	 * (the wider interval) */
	if (isinf(sorted[i]) || isinf(sorted[i + 1]))
		return f == 0 || q < 0.5 ? sorted[i] : sorted[i + 1];
	return sorted[i] + f * (sorted[i + 1] - sorted[i]);
}

/* Hoare's selection: the k-th smallest lands at v[k]. */
double stats_select(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		double pivot = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;

		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				double t = v[i];

				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

/* After selecting index i, everything above it is >= v[i]: the next order
 * statistic is the smallest of those. */
double stats_quantile_unsorted(double *v, size_t n, double q)
{
	double h, f, a, b;
	size_t i;

	if (!n)
		return NAN;
	h = (double)(n - 1) * fmin(1, fmax(0, q));
	i = (size_t)floor(h);
	f = h - (double)i;
	a = stats_select(v, n, i);
	if (i + 1 >= n || f == 0)
		return a;
	b = v[i + 1];
	for (size_t k = i + 2; k < n; k++)
		if (v[k] < b)
			b = v[k];
	if (isinf(a) || isinf(b))
		return q < 0.5 ? a : b;
	return a + f * (b - a);
}

double stats_median(double *v, size_t n)
{
	return stats_quantile_unsorted(v, n, 0.5);
}

/* ---- bootstrap ------------------------------------------------------------ */

int stats_bootstrap(size_t na, size_t nb, stats_statistic fn, void *ctx,
		    const struct stats_boot *o, double *lo, double *hi)
{
	size_t *ia = malloc((na ? na : 1) * sizeof(*ia));
	size_t *ib = malloc((nb ? nb : 1) * sizeof(*ib));
	double *rep = malloc((o->reps ? o->reps : 1) * sizeof(*rep));
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	size_t nd = 0;
	double tail = (1 - o->confidence) / 2;

	*lo = *hi = NAN;
	if (!ia || !ib || !rep || !r) {
		free(ia);
		free(ib);
		free(rep);
		if (r)
			gsl_rng_free(r);
		return -ENOMEM;
	}
	gsl_rng_set(r, o->seed);
	for (unsigned long k = 0; k < o->reps && na; k++) {
		double v;

		for (size_t i = 0; i < na; i++)
			ia[i] = gsl_rng_uniform_int(r, na);
		for (size_t i = 0; i < nb; i++)
			ib[i] = gsl_rng_uniform_int(r, nb);
		v = fn(ia, na, nb ? ib : NULL, nb, ctx);
		if (!isnan(v))
			rep[nd++] = v;
	}
	/* Undefined replicates say nothing of the statistic: when they are
	 * more than one tail's share, no end of the interval is placed. */
	if (nd && (double)(o->reps - nd) <= tail * (double)o->reps) {
		gsl_sort(rep, 1, nd);
		*lo = stats_quantile(rep, nd, tail);
		*hi = stats_quantile(rep, nd, 1 - tail);
	} else if (na) {
		*lo = -INFINITY;
		*hi = INFINITY;
	}
	free(ia);
	free(ib);
	free(rep);
	gsl_rng_free(r);
	return 0;
}

/* ---- medians ---------------------------------------------------------------- */

void stats_median_ci(const double *sorted, size_t n, double conf, double *lo,
		     double *hi, double *cover)
{
	double tail = (1 - conf) / 2, below = 0;
	size_t l = 0;

	*lo = *hi = NAN;
	if (cover)
		*cover = NAN;
	if (!n)
		return;
	/* l: the largest rank with P(Bin(n, 1/2) <= l - 1) <= tail */
	while (l + 1 <= n / 2 &&
	       gsl_cdf_binomial_P((unsigned)l, 0.5, (unsigned)n) <= tail)
		l++;
	if (l == 0) {
		/* too few values for any interval at conf: the range, which
		 * covers with 1 - 2^(1-n) */
		*lo = sorted[0];
		*hi = sorted[n - 1];
		if (cover)
			*cover = n > 1 ? 1 - 2 * pow(0.5, (double)n) : 0;
		return;
	}
	below = l >= 1 ? gsl_cdf_binomial_P((unsigned)(l - 1), 0.5, (unsigned)n) : 0;
	*lo = sorted[l - 1];
	*hi = sorted[n - l];
	if (cover)
		*cover = 1 - 2 * below;
}

/* ---- rank test ---------------------------------------------------------------- */

/* Mid-ranks (1-based; ties share their average rank) of x[0..n). */
static int stats_ranks(const double *x, size_t n, double *rank)
{
	size_t *idx = malloc(n * sizeof(*idx));

	if (!idx)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	for (size_t i = 1; i < n; i++) {  /* insertion sort: n is small */
		size_t k = idx[i], j = i;

		while (j > 0 && x[idx[j - 1]] > x[k]) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = k;
	}
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && x[idx[j]] == x[idx[i]])
			j++;
		for (size_t k = i; k < j; k++)
			rank[idx[k]] = (double)(i + j + 1) / 2;
		i = j;
	}
	free(idx);
	return 0;
}

/* Every subset of nb of the n ranks, in lexicographic order of indices:
 * the exact permutation distribution.  Counts those at least as far from
 * the mean as the observed. */
static void stats_rank_exact(const double *rank, size_t n, size_t nb, double mean,
			     double t_obs, double *ge, double *all)
{
	size_t *c = malloc((nb ? nb : 1) * sizeof(*c));

	*ge = *all = 0;
	if (!c)
		return;
	for (size_t i = 0; i < nb; i++)
		c[i] = i;
	for (;;) {
		double s = 0;
		size_t i;

		for (i = 0; i < nb; i++)
			s += rank[c[i]];
		*all += 1;
		/* rank sums are multiples of 1/2: exact in a double */
		*ge += fabs(s - mean) >= t_obs - 1e-9;
		for (i = nb; i-- > 0;)
			if (c[i] < n - nb + i)
				break;
		if (i == (size_t)-1)
			break;
		c[i]++;
		for (size_t k = i + 1; k < nb; k++)
			c[k] = c[k - 1] + 1;
	}
	free(c);
}

int stats_rank_test(const double *a, size_t na, const double *b, size_t nb,
		    unsigned long perms, unsigned long seed, double *p, double *auc)
{
	size_t n = na + nb;
	double *pool, *rank, mean, t_obs = 0, rb = 0, ge = 0, all = 0;
	gsl_rng *r;

	*p = 1;
	if (auc)
		*auc = NAN;
	if (!na || !nb)
		return 0;
	pool = malloc(n * sizeof(*pool));
	rank = malloc(n * sizeof(*rank));
	if (!pool || !rank) {
		free(pool);
		free(rank);
		return -ENOMEM;
	}
	memcpy(pool, a, na * sizeof(*pool));
	memcpy(pool + na, b, nb * sizeof(*pool));
	if (stats_ranks(pool, n, rank)) {
		free(pool);
		free(rank);
		return -ENOMEM;
	}
	for (size_t i = na; i < n; i++)
		rb += rank[i];
	if (auc)
		*auc = (rb - (double)nb * ((double)nb + 1) / 2) / ((double)na * (double)nb);
	mean = (double)nb * (double)(n + 1) / 2;
	t_obs = fabs(rb - mean);
	/* exact when every relabelling can be visited: C(n, nb) <= perms */
	if (lgamma((double)n + 1) - lgamma((double)nb + 1) - lgamma((double)na + 1) <=
	    log((double)perms)) {
		stats_rank_exact(rank, n, nb, mean, t_obs, &ge, &all);
		*p = all > 0 ? ge / all : 1;
		free(pool);
		free(rank);
		return 0;
	}
	/* Large samples: Monte Carlo cannot resolve p below 1 / perms, which a
	 * Holm family of many comparisons needs; the normal approximation
	 * with tie and continuity corrections (Lehmann, Nonparametrics, 1975,
	 * 1.4; R's wilcox.test without `exact`) is accurate there. */
	if (na >= STATS_RANK_NORMAL_N && nb >= STATS_RANK_NORMAL_N) {
		double ties = 0, var;

		gsl_sort(pool, 1, n);
		for (size_t i = 0, j; i < n; i = j) {
			for (j = i + 1; j < n && pool[j] == pool[i]; j++)
				;
			ties += pow((double)(j - i), 3) - (double)(j - i);
		}
		var = (double)na * (double)nb / 12 *
		      ((double)n + 1 - ties / ((double)n * ((double)n - 1)));
		*p = var > 0 ? fmin(1, erfc(fmax(0, t_obs - 0.5) / sqrt(2 * var))) : 1;
		free(pool);
		free(rank);
		return 0;
	}
	r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!r) {
		free(pool);
		free(rank);
		return -ENOMEM;
	}
	gsl_rng_set(r, seed);
	for (unsigned long k = 0; k < perms; k++) {
		double s = 0;

		/* partial Fisher-Yates: the first nb slots are a uniformly
		 * random subset, the relabelled B */
		for (size_t i = 0; i < nb; i++) {
			size_t j = i + gsl_rng_uniform_int(r, n - i);
			double t = rank[i];

			rank[i] = rank[j];
			rank[j] = t;
			s += rank[i];
		}
		ge += fabs(s - mean) >= t_obs - 1e-9;
	}
	*p = (1.0 + ge) / (1.0 + (double)perms);
	gsl_rng_free(r);
	free(pool);
	free(rank);
	return 0;
}

/* ---- proportions and families ------------------------------------------------ */

/* log C(n, k) through lgamma: exact enough for n up to 1e9. */
static double stats_lchoose(double n, double k)
{
	return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/*
 * With both margins fixed the count ka is hypergeometric, P(X = x) =
 * C(K,x) C(N-K,na-x) / C(N,na) with K = ka + kb, N = na + nb; p sums the
 * probabilities of every table no more likely than the one observed
 * (relative tolerance 1e-7 for rounding), as R's fisher.test: the tea
 * table 3 of 4 against 1 of 4 gives 0.4857.
 */
double stats_fisher(unsigned long ka, unsigned long na, unsigned long kb,
		    unsigned long nb)
{
	double N = (double)na + (double)nb, K = (double)ka + (double)kb;
	double lo, hi, lobs, den, p = 0;

	if (ka > na || kb > nb || !na || !nb || K == 0 || K == N)
		return 1;
	lo = fmax(0, (double)na - (N - K));
	hi = fmin(K, (double)na);
	den = stats_lchoose(N, (double)na);
	lobs = stats_lchoose(K, (double)ka) + stats_lchoose(N - K, (double)na - (double)ka) - den;
	for (double x = lo; x <= hi; x++) {
		double l = stats_lchoose(K, x) + stats_lchoose(N - K, (double)na - x) - den;

		if (l <= lobs + 1e-7)
			p += exp(l);
	}
	return fmin(1, p);
}

/*
 * Beta quantile by bisection on the CDF.  GSL's gsl_cdf_beta_Pinv fails to
 * converge for ordinary arguments (P = 0.975, a = 3, b = 258) and would
 * abort; the CDF itself is robust.  100 halvings of [0, 1] reach 1e-30.
 */
static double stats_beta_inv(double p, double a, double b)
{
	double lo = 0, hi = 1;

	for (int i = 0; i < 100; i++) {
		double mid = (lo + hi) / 2;

		if (gsl_cdf_beta_P(mid, a, b) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/*
 * Clopper & Pearson (1934): the interval inverts two one-sided binomial
 * tests, lo = B^-1(a/2; k, n-k+1), hi = B^-1(1-a/2; k+1, n-k).  Exact
 * (conservative) for any n: 0 of 300 gives [0, 0.01222] at 95% (1 -
 * 0.025^(1/300)), as R's binom.test.
 */
void stats_binomial_ci(unsigned long k, unsigned long n, double conf, double *lo,
		       double *hi)
{
	double a = 1.0 - conf;

	if (n == 0) {
		*lo = 0;
		*hi = 1;
		return;
	}
	*lo = k == 0 ? 0.0 : stats_beta_inv(a / 2, (double)k, (double)(n - k + 1));
	*hi = k == n ? 1.0 : stats_beta_inv(1 - a / 2, (double)(k + 1), (double)(n - k));
}

static int stats_holm_cmp(const void *a, const void *b, void *ctx)
{
	const double *p = ctx;
	double x = p[*(const size_t *)a], y = p[*(const size_t *)b];

	return x < y ? -1 : x > y;
}

/*
 * Holm (1979), "A simple sequentially rejective multiple test procedure":
 * sort the m p-values, adj_(i) = max_{j <= i} min(1, (m - j + 1) p_(j)).
 * Rejecting where adj < alpha keeps the family-wise error rate <= alpha
 * under any dependence: p.adjust(c(.01,.04,.03,.005), "holm") =
 * .03 .06 .06 .02.
 */
void stats_holm(const double *p, size_t n, double *adj)
{
	size_t *ord = g_new(size_t, n ? n : 1), m = 0;
	double run = 0;

	for (size_t i = 0; i < n; i++) {
		adj[i] = NAN;
		if (!isnan(p[i]))
			ord[m++] = i;
	}
	qsort_r(ord, m, sizeof(*ord), stats_holm_cmp, (void *)p);
	for (size_t i = 0; i < m; i++) {
		double a = fmin(1, p[ord[i]] * (double)(m - i));

		run = fmax(run, a);
		adj[ord[i]] = run;
	}
	g_free(ord);
}

/* ---- distributions -------------------------------------------------------------- */

/* Beyond 2000 degrees of freedom, Wilson-Hilferty: error far below any
 * level used here, where GSL's incomplete gamma slows and may not converge. */
double stats_chi2_q(double x, double df)
{
	if (!(x >= 0))
		return 1;
	if (x > df + 40 * sqrt(2 * df) + 1000)
		return 0;
	if (df > 2000) {
		double k = 2 / (9 * df);

		return gsl_cdf_ugaussian_Q((cbrt(x / df) - (1 - k)) / sqrt(k));
	}
	return gsl_cdf_chisq_Q(x, df);
}

/*
 * The chi-square quantile by bisection on the CDF (GSL's inverse aborts
 * when it does not converge), started from the Wilson-Hilferty
 * approximation, which is used directly above 2000 degrees of freedom.
 */
static double stats_chi2_quantile(double p, double df)
{
	double z = gsl_cdf_ugaussian_Pinv(p), k = 2 / (9 * df), base = 1 - k + z * sqrt(k);
	double x0 = base > 0 ? df * base * base * base : 1e-3 * df;
	double lo = x0 / 2, hi = x0 * 2 + 10;
	int upper = p > 0.5;   /* work in the tail that keeps its precision */

	if (df > 2000)
		return x0;
#define CHI2_BELOW(x) (upper ? gsl_cdf_chisq_Q((x), df) > 1 - p : gsl_cdf_chisq_P((x), df) < p)
	while (lo > 1e-300 && !CHI2_BELOW(lo))
		lo /= 4;
	while (CHI2_BELOW(hi))
		hi *= 2;
	for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
		double mid = (lo + hi) / 2;

		if (CHI2_BELOW(mid))
			lo = mid;
		else
			hi = mid;
	}
#undef CHI2_BELOW
	return (lo + hi) / 2;
}

/* Garwood: the 99% upper limits for 0, 1, 2 events are 4.61, 6.64, 8.41. */
double stats_poisson_upper(double c, double conf)
{
	return stats_chi2_quantile(conf, 2 * (c + 1)) / 2;
}

double stats_poisson_lower(double c, double conf)
{
	return c <= 0 ? 0 : stats_chi2_quantile(1 - conf, 2 * c) / 2;
}

/* Twice the smaller tail, exact through GSL's incomplete beta up to 2e5
 * trials; beyond, the normal approximation with continuity correction. */
double stats_binom_two_sided(double k, double n, double p)
{
	double lo, hi;

	if (n <= 0)
		return 1;
	if (n > 2e5) {
		double sd = sqrt(n * p * (1 - p)), d = fabs(k - n * p) - 0.5;

		return sd > 0 ? fmin(1, 2 * gsl_cdf_ugaussian_Q(fmax(0, d) / sd)) : 1;
	}
	lo = gsl_cdf_binomial_P((unsigned)k, p, (unsigned)n);
	hi = k >= 1 ? gsl_cdf_binomial_Q((unsigned)k - 1, p, (unsigned)n) : 1;
	return fmin(1, 2 * fmin(lo, hi));
}

/* ---- the relative change of a quantile ------------------------------------ */

struct stats_qc {
	const double *x, *y;
	double q, *buf;
};

static double stats_quantile_of(const double *v, const size_t *idx, size_t n, double q,
				double *buf)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = v[idx[i]];
	return stats_quantile_unsorted(buf, n, q);
}

static double stats_qc_replicate(const size_t *ia, size_t na, const size_t *ib, size_t nb,
				 void *ctx)
{
	struct stats_qc *c = ctx;
	double a = stats_quantile_of(c->x, ia, na, c->q, c->buf);
	double b = stats_quantile_of(c->y, ib, nb, c->q, c->buf);

	return a > 0 ? b / a - 1 : NAN;
}

int stats_quantile_change(const double *x, size_t nx, const double *y, size_t ny, double q,
			  const struct stats_boot *o, double *est, double *lo, double *hi)
{
	struct stats_qc c = { x, y, q, malloc((nx > ny ? nx : ny) * sizeof(double) + 1) };
	double *bx = malloc((nx ? nx : 1) * sizeof(*bx)), *by = malloc((ny ? ny : 1) * sizeof(*by));
	double mx, my;
	int rc = 0;

	*est = *lo = *hi = NAN;
	if (!c.buf || !bx || !by) {
		rc = -ENOMEM;
		goto out;
	}
	if (!nx || !ny)
		goto out;
	memcpy(bx, x, nx * sizeof(*x));
	memcpy(by, y, ny * sizeof(*y));
	mx = stats_quantile_unsorted(bx, nx, q);
	my = stats_quantile_unsorted(by, ny, q);
	if (!(mx > 0))
		goto out;
	*est = my / mx - 1;
	rc = stats_bootstrap(nx, ny, stats_qc_replicate, &c, o, lo, hi);
out:
	free(c.buf);
	free(bx);
	free(by);
	return rc;
}
