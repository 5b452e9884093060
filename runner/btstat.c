/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort_double.h>

#include "btstat.h"

const char *const btstat_verdict_names[BTSTAT_NVERDICTS] = {
	[BTSTAT_SAME] = "no change",
	[BTSTAT_SLOWER] = "slower",
	[BTSTAT_FASTER] = "faster",
	[BTSTAT_FLAGGED] = "flagged",
	[BTSTAT_TOO_FEW] = "too few",
};

void btstat_opts_default(struct btstat_opts *o)
{
	*o = (struct btstat_opts){
		.alpha = 0.01, .floor_abs = 2, .floor_rel = 0.05, .confidence = 0.95,
		.reps = 2000, .perms = 10000, .seed = 1,
	};
}

/*
 * Type 7 of Hyndman & Fan (1996), "Sample quantiles in statistical
 * packages", Am. Stat. 50(4): h = (n - 1) q, interpolate between the
 * order statistics floor(h) and floor(h) + 1 (0-based).  R's default.
 */
double btstat_quantile(const double *sorted, size_t n, double q)
{
	double h, f;
	size_t i;

	if (!n)
		return NAN;
	h = (double)(n - 1) * q;
	i = (size_t)floor(h);
	f = h - (double)i;
	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + f * (sorted[i + 1] - sorted[i]);
}

/* k-th smallest of v[0..n) (0-based), Hoare's selection; v is reordered. */
double btstat_select(double *v, size_t n, size_t k)
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

/* The middle value, or the mean of the two middle values for even n (the
 * type 7 quantile at 0.5), in O(n). */
double btstat_median(double *v, size_t n)
{
	double hi, lo;

	if (!n)
		return NAN;
	hi = btstat_select(v, n, n / 2);
	if (n % 2)
		return hi;
	/* After selecting n/2, everything left of it is <= hi: its maximum
	 * is the lower middle value. */
	lo = v[0];
	for (size_t i = 1; i < n / 2; i++)
		if (v[i] > lo)
			lo = v[i];
	return (lo + hi) / 2;
}

void btstat_summary(const double *x, size_t n, struct btstat_sum *s)
{
	double *v = malloc((n ? n : 1) * sizeof(*v)), sum = 0;

	memset(s, 0, sizeof(*s));
	s->n = n;
	if (!n || !v) {
		s->median = s->p90 = s->min = s->max = s->mean = s->mad = NAN;
		free(v);
		return;
	}
	memcpy(v, x, n * sizeof(*v));
	gsl_sort(v, 1, n);
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	s->min = v[0];
	s->max = v[n - 1];
	s->mean = sum / (double)n;
	s->median = btstat_quantile(v, n, 0.5);
	s->p90 = btstat_quantile(v, n, 0.9);
	/* MAD, unscaled: x1.4826 estimates sigma for normal data only, and
	 * boot times are not normal (a long right tail of preemptions). */
	for (size_t i = 0; i < n; i++)
		v[i] = fabs(v[i] - s->median);
	s->mad = btstat_median(v, n);
	free(v);
}

/* Median of a resample with replacement of x[0..n) into buf. */
static double btstat_resample_median(const double *x, size_t n, double *buf,
				     gsl_rng *r)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = x[gsl_rng_uniform_int(r, n)];
	return btstat_median(buf, n);
}

/*
 * Percentile bootstrap (Efron & Tibshirani 1993, ch. 13) of
 * median(B) - median(A): each replicate resamples A and B independently
 * with replacement, as the two configurations were sampled independently
 * (interleaving only balances drift between them).  The interval is the
 * (1-c)/2 and (1+c)/2 type 7 quantiles of the replicates.  With the
 * default 2000 replicates the interval's ends move by about 1% of its
 * width between seeds.
 */
static int btstat_bootstrap(const double *a, size_t na, const double *b, size_t nb,
			    const struct btstat_opts *o, gsl_rng *r, double *lo,
			    double *hi)
{
	double *buf = malloc((na > nb ? na : nb) * sizeof(*buf));
	double *rep = malloc(o->reps * sizeof(*rep));

	if (!buf || !rep) {
		free(buf);
		free(rep);
		return -ENOMEM;
	}
	for (unsigned long k = 0; k < o->reps; k++)
		rep[k] = btstat_resample_median(b, nb, buf, r) -
			 btstat_resample_median(a, na, buf, r);
	gsl_sort(rep, 1, o->reps);
	*lo = btstat_quantile(rep, o->reps, (1 - o->confidence) / 2);
	*hi = btstat_quantile(rep, o->reps, (1 + o->confidence) / 2);
	free(buf);
	free(rep);
	return 0;
}

/* Mid-ranks (1-based; ties share their average rank) of x[0..n) into rank. */
static int btstat_ranks(const double *x, size_t n, double *rank)
{
	size_t *idx = malloc(n * sizeof(*idx));

	if (!idx)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	/* insertion sort of indices by value: n is a few hundred at most
	 * (processes, or cold boots), and it runs once per comparison */
	for (size_t i = 1; i < n; i++) {
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

/*
 * Two-sided permutation test of H0 "A and B are exchangeable"
 * (Good, "Permutation, Parametric, and Bootstrap Tests of Hypotheses",
 * 2005, ch. 3).  Interleaved sampling is what makes exchangeability a fair
 * null: both configurations met the same host load.
 *
 * Statistic: Wilcoxon's rank sum of B, T = |R_B - nb (n + 1) / 2|.  The
 * estimate is the median difference, but the difference of two medians
 * is a weak test statistic at the dozen or so units a run has: a random
 * relabelling needs only a majority of large values on one side to
 * reproduce it, so even two fully separated samples of 12 give p ~ 1e-3.
 * The rank sum gives them the smallest p there is (2 / C(24, 12) = 7e-7)
 * and ignores how far out a preempted boot lies.  It answers "is B
 * stochastically larger", not "is its median larger" (FIELD.md's caveat
 * about Mann-Whitney): the verdict therefore also needs the median
 * difference beyond the noise floors.
 *
 * Monte Carlo over `perms` random relabellings, p = (1 + #{T* >= T}) /
 * (1 + perms) (Phipson & Smyth 2010), a valid p-value for any number of
 * relabellings: P(p <= alpha) <= alpha under H0.  The smallest p is
 * 1 / (1 + perms), 1e-4 at the default, below alpha over a family's
 * phases (0.01 / 6).
 */
static int btstat_permutation(const double *a, size_t na, const double *b, size_t nb,
			      unsigned long perms, gsl_rng *r, double *p)
{
	size_t n = na + nb;
	double *pool = malloc(n * sizeof(*pool)), *rank = malloc(n * sizeof(*rank));
	double mean = (double)nb * (double)(n + 1) / 2, t_obs = 0;
	unsigned long ge = 0;

	if (pool && rank) {
		memcpy(pool, a, na * sizeof(*pool));
		memcpy(pool + na, b, nb * sizeof(*pool));
	}
	if (!pool || !rank || btstat_ranks(pool, n, rank)) {
		free(pool);
		free(rank);
		return -ENOMEM;
	}
	for (size_t i = na; i < n; i++)
		t_obs += rank[i];
	t_obs = fabs(t_obs - mean);
	for (unsigned long k = 0; k < perms; k++) {
		double s = 0;

		/* Partial Fisher-Yates: the first nb slots become a uniformly
		 * random subset, the relabelled B. */
		for (size_t i = 0; i < nb; i++) {
			size_t j = i + gsl_rng_uniform_int(r, n - i);
			double t = rank[i];

			rank[i] = rank[j];
			rank[j] = t;
			s += rank[i];
		}
		/* rank sums are multiples of 1/2: exact in a double */
		ge += fabs(s - mean) >= t_obs;
	}
	*p = (1.0 + (double)ge) / (1.0 + (double)perms);
	free(pool);
	free(rank);
	return 0;
}

int btstat_compare(const double *a, size_t na, const double *b, size_t nb,
		   const struct btstat_opts *o, struct btstat_cmp *c)
{
	double *va, *vb;
	gsl_rng *r;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	c->na = na;
	c->nb = nb;
	c->med_a = c->med_b = c->diff = c->lo = c->hi = c->rel = c->p = NAN;
	if (na < BTSTAT_MIN_N || nb < BTSTAT_MIN_N)
		return 0;
	va = malloc(na * sizeof(*va));
	vb = malloc(nb * sizeof(*vb));
	r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!va || !vb || !r) {
		rc = -ENOMEM;
		goto out;
	}
	gsl_rng_set(r, o->seed);
	memcpy(va, a, na * sizeof(*va));
	memcpy(vb, b, nb * sizeof(*vb));
	c->med_a = btstat_median(va, na);
	c->med_b = btstat_median(vb, nb);
	c->diff = c->med_b - c->med_a;
	c->rel = c->med_a != 0 ? c->diff / fabs(c->med_a) : NAN;
	rc = btstat_bootstrap(a, na, b, nb, o, r, &c->lo, &c->hi);
	if (!rc)
		rc = btstat_permutation(a, na, b, nb, o->perms, r, &c->p);
	if (rc)
		goto out;
	c->tested = 1;
	c->beyond_floor = fabs(c->diff) > o->floor_abs &&
			  fabs(c->diff) > o->floor_rel * fabs(c->med_a);
	if (c->p < o->alpha && c->beyond_floor)
		c->flag = c->diff > 0 ? 1 : -1;
out:
	free(va);
	free(vb);
	gsl_rng_free(r);
	return rc;
}

/*
 * Under H0 the two samples are independent, so a pair is called changed
 * with probability at most alpha^2 (each test alone at most alpha, and the
 * floors only lower it).  A real change of the size the floors let through
 * is seen by both with the product of the two powers.
 */
enum btstat_verdict btstat_verdict(const struct btstat_cmp *first,
				   const struct btstat_cmp *confirm)
{
	if (!first->tested)
		return BTSTAT_TOO_FEW;
	if (!first->flag)
		return BTSTAT_SAME;
	if (!confirm)
		return BTSTAT_FLAGGED;
	if (!confirm->tested)
		return BTSTAT_TOO_FEW;
	if (confirm->flag != first->flag)
		return BTSTAT_SAME;
	return first->flag > 0 ? BTSTAT_SLOWER : BTSTAT_FASTER;
}

/* Percentile bootstrap interval of one sample's median (as for a
 * difference above, one side only); NAN below BTSTAT_MIN_N. */
int btstat_median_ci(const double *x, size_t n, const struct btstat_opts *o,
		     double *lo, double *hi)
{
	double *buf, *rep;
	gsl_rng *r;

	*lo = *hi = NAN;
	if (n < BTSTAT_MIN_N)
		return 0;
	buf = malloc(n * sizeof(*buf));
	rep = malloc(o->reps * sizeof(*rep));
	r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!buf || !rep || !r) {
		free(buf);
		free(rep);
		if (r)
			gsl_rng_free(r);
		return -ENOMEM;
	}
	gsl_rng_set(r, o->seed);
	for (unsigned long k = 0; k < o->reps; k++)
		rep[k] = btstat_resample_median(x, n, buf, r);
	gsl_sort(rep, 1, o->reps);
	*lo = btstat_quantile(rep, o->reps, (1 - o->confidence) / 2);
	*hi = btstat_quantile(rep, o->reps, (1 + o->confidence) / 2);
	free(buf);
	free(rep);
	gsl_rng_free(r);
	return 0;
}
