/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the SP 800-90B estimators share: the 99% upper bound on a
 * proportion, the prediction estimators' global and local bounds, and the
 * monotone binary search the standard asks for where it gives no closed
 * form (6.3.4 step 7, 6.3.7 step 10).
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "sp90b.h"

void sp90b_seq_init(struct sp90b_seq *q, const uint8_t *s, size_t n, unsigned k)
{
	q->s = s;
	q->n = n;
	q->k = k;
	q->tuples = NULL;
}

void sp90b_seq_free(struct sp90b_seq *q)
{
	if (q->tuples) {
		free(q->tuples->q);
		free(q->tuples->pairs);
		free(q->tuples);
		q->tuples = NULL;
	}
}

void sp90b_est_detail(struct sp90b_est *e, const char *key, double val)
{
	if (e->nd < SP90B_DETAILS) {
		e->d[e->nd].key = key;
		e->d[e->nd++].val = val;
	}
}

int sp90b_estimate(const struct sp90b_estimator *x, struct sp90b_seq *q, struct sp90b_est *e)
{
	*e = (struct sp90b_est){ .h = NAN, .p = NAN };
	if (x->binary_only && q->k != 2) {
		e->why = "binary data only";
		return e->status = -ENOTSUP;
	}
	e->status = x->run(q, e);
	if (e->status == -ENOMEM)
		e->why = "out of memory";
	else if (e->status && !e->why)
		e->why = "too few samples";
	return e->status;
}

double sp90b_bits(double p)
{
	return p < 1.0 ? -log2(p) : 0.0;
}

/* 6.3.1 step 2 (and 6.3.5, 6.3.6, 6.3.7 step 9): the upper end of a
 * one-sided 99% normal interval around the proportion p^ of n. */
double sp90b_upper(double phat, double n)
{
	return fmin(1.0, phat + SP90B_Z * sqrt(phat * (1.0 - phat) / (n - 1.0)));
}

/*
 * Halving search, written to stop exactly where the reference's does: at a
 * value equal to the target (relative 2^-52 or four units in the last
 * place), when the interval no longer halves, or after 1076 steps; it then
 * answers the upper end.  f must fall as p rises.
 */
static int sp90b_close(double a, double b)
{
	double d = fabs(a - b), m = fmax(fabs(a), fabs(b));

	if (isnan(a) || isnan(b))
		return 0;
	if (a == b)
		return 1;
	if (fmin(fabs(a), fabs(b)) < DBL_MIN || d < DBL_MIN)
		return d <= DBL_MIN;
	return d <= m * DBL_EPSILON;
}

double sp90b_solve(double (*f)(double p, void *ctx), void *ctx, double target,
		   double lo, double hi, int *failed)
{
	double p = (lo + hi) / 2, v = f(p, ctx);

	*failed = 0;
	for (int i = 0; i < SP90B_SEARCH_MAX; i++) {
		double mid;

		if (sp90b_close(v, target))
			return p;
		if (isnan(v)) {
			*failed = 1;
			return hi;
		}
		if (v > target)
			lo = p;
		else
			hi = p;
		mid = (lo + hi) / 2;
		if (!(mid > lo && mid < hi))
			return hi;
		p = mid;
		v = f(p, ctx);
	}
	return hi;
}

/*
 * 6.3.7 step 10: the probability that N trials with success probability p
 * hold no run of r successes is
 *   P = (1 - p x) / ((r + 1 - r x) q) * x^-(N+1),  q = 1 - p,
 * with x the root of x = 1 + q p^r x^(r+1) near 1, found by iterating the
 * map from x = 1 (at most 66 times, as the reference).  Logarithms keep
 * N = 8 million in range; long double keeps 1 - p x from cancelling.
 */
struct sp90b_runs { long r, n; };

static double sp90b_runs_logp(double pd, void *ctx)
{
	const struct sp90b_runs *c = ctx;
	long double p = pd, q = 1.0L - p, x = 1.0L, last = 0.0L;
	long double r = (long double)c->r;

	for (int i = 0; i <= 65 && x - last > LDBL_EPSILON * x; i++) {
		last = x;
		x = 1.0L + q * powl(p, r) * powl(x, r + 1.0L);
	}
	return (double)(logl(1.0L - p * x) - logl((r + 1.0L - r * x) * q) -
			((long double)c->n + 1.0L) * logl(x));
}

/*
 * 6.3.7 steps 9-11, for every predictor: P_global' is the 99% upper bound
 * (z = 2.576) on the rate of correct predictions C/N; P_local the p at
 * which N trials hold no run of r = longest + 1 correct ones with
 * probability 0.99 (a run as long as the one seen is then a 1% event);
 * the estimate uses the largest of these and 1/k.
 */
double sp90b_predict(size_t c, size_t n, size_t run, unsigned k, struct sp90b_est *e)
{
	struct sp90b_runs rc = { .r = (long)run + 1, .n = (long)n };
	double pg = (double)c / (double)n, pgu, p, pl = -1;
	int failed;

	/* step 9: with no correct prediction the 99% bound is 1 - 0.01^(1/N) */
	pgu = c ? sp90b_upper(pg, (double)n) : 1.0 - pow(0.01, 1.0 / (double)n);
	p = fmax(1.0 / k, pgu);
	/* step 10: P_local matters only if a larger p than this one is needed
	 * to make the longest run (run + 1 = r) a 1% event */
	if (p < 1.0 && sp90b_runs_logp(p, &rc) > log(0.99)) {
		pl = sp90b_solve(sp90b_runs_logp, &rc, log(0.99), p, 1.0, &failed);
		if (failed)
			pl = 1.0;
		p = fmax(p, pl);
	}
	sp90b_est_detail(e, "C", (double)c);
	sp90b_est_detail(e, "N", (double)n);
	sp90b_est_detail(e, "r", (double)rc.r);
	sp90b_est_detail(e, "P_global'", pgu);
	if (pl >= 0)
		sp90b_est_detail(e, "P_local", pl);
	return p;
}
