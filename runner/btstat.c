/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort_double.h>

#include "btstat.h"
#include "stats.h"

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
	s->median = stats_quantile(v, n, 0.5);
	s->p90 = stats_quantile(v, n, 0.9);
	/* MAD, unscaled: x1.4826 estimates sigma for normal data only, and
	 * boot times are not normal (a long right tail of preemptions). */
	for (size_t i = 0; i < n; i++)
		v[i] = fabs(v[i] - s->median);
	s->mad = stats_median(v, n);
	free(v);
}

/* median(B*) - median(A*) of one bootstrap replicate */
struct btstat_boot {
	const double *a, *b;
	double *buf;
};

static double btstat_median_of(const double *x, const size_t *idx, size_t n, double *buf)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = x[idx[i]];
	return stats_median(buf, n);
}

static double btstat_diff(const size_t *ia, size_t na, const size_t *ib, size_t nb,
			  void *ctx)
{
	struct btstat_boot *c = ctx;

	return btstat_median_of(c->b, ib, nb, c->buf) - btstat_median_of(c->a, ia, na, c->buf);
}

/*
 * median(B) - median(A) with its percentile bootstrap interval (stats.c):
 * each replicate resamples A and B independently, as the configurations
 * were sampled independently (interleaving only balances drift).  With
 * the default 2000 replicates the ends move by about 1% of the width
 * between seeds.  Then the two-sided Wilcoxon-Mann-Whitney permutation
 * test (stats.c): the estimate is the median difference, but the
 * difference of two medians is a weak test statistic at the dozen or so
 * units a run has (two fully separated samples of 12 give p ~ 1e-3 by
 * relabelling medians); the rank sum gives them the smallest p there is
 * (2 / C(24, 12) = 7e-7).  It answers "is B stochastically larger", not
 * "is its median larger", so the verdict also needs the median difference
 * beyond the noise floors.  Interleaved sampling makes exchangeability a
 * fair null: both configurations met the same host load.
 */
int btstat_compare(const double *a, size_t na, const double *b, size_t nb,
		   const struct btstat_opts *o, struct btstat_cmp *c)
{
	struct stats_boot so = { o->reps, o->seed, o->confidence };
	struct btstat_boot bc = { a, b, malloc((na > nb ? na : nb) * sizeof(double)) };
	double *va = malloc((na ? na : 1) * sizeof(*va)), *vb = malloc((nb ? nb : 1) * sizeof(*vb));
	int rc = 0;

	memset(c, 0, sizeof(*c));
	c->na = na;
	c->nb = nb;
	c->med_a = c->med_b = c->diff = c->lo = c->hi = c->rel = c->p = NAN;
	if (!va || !vb || !bc.buf) {
		rc = -ENOMEM;
		goto out;
	}
	if (na < BTSTAT_MIN_N || nb < BTSTAT_MIN_N)
		goto out;
	memcpy(va, a, na * sizeof(*va));
	memcpy(vb, b, nb * sizeof(*vb));
	c->med_a = stats_median(va, na);
	c->med_b = stats_median(vb, nb);
	c->diff = c->med_b - c->med_a;
	c->rel = c->med_a != 0 ? c->diff / fabs(c->med_a) : NAN;
	rc = stats_bootstrap(na, nb, btstat_diff, &bc, &so, &c->lo, &c->hi);
	if (!rc)
		rc = stats_rank_test(a, na, b, nb, o->perms, o->seed, &c->p, NULL);
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
	free(bc.buf);
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
