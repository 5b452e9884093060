/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SP 800-90B 6.3.5 (t-tuple) and 6.3.6 (longest repeated substring, LRS):
 * both look at how often tuples of each length t repeat.
 *
 * All counts come from one suffix array: the suffixes that share a prefix
 * of length t sit next to each other, so the occurrences of each t-tuple
 * form one run of LCP values >= t.  One walk over the LCP intervals
 * (Abouelhoda, Kurtz and Ohlebusch, J. Discrete Algorithms 2(1), 2004)
 * visits each maximal run once with its size c and the range of lengths
 * (parent lcp, lcp] it covers; from that
 *   q[t]     = the count of the most common t-tuple,
 *   pairs[t] = sum over t-tuples of C(count, 2),
 * for every t up to the length v of the longest repeated substring.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "sp90b.h"

struct tup_frame { int32_t lcp, lb; };

/* Record an interval of `size` suffixes sharing lengths (parent, lcp]. */
static void tup_interval(struct sp90b_tuples *t, int32_t lcp, int32_t parent, uint64_t size,
			 uint64_t *diff)
{
	uint64_t pairs = size * (size - 1) / 2;

	if (size > t->q[lcp])
		t->q[lcp] = size;
	/* unsigned wrap-around is exact: every true total is below 2^62 */
	diff[parent + 1] += pairs;
	diff[lcp + 1] -= pairs;
}

static int tup_walk(struct sp90b_tuples *t, const int32_t *lcp, size_t n)
{
	struct tup_frame *st = malloc((n + 1) * sizeof(*st));
	uint64_t *diff = calloc(t->v + 2, sizeof(*diff));
	size_t top = 0;

	if (!st || !diff) {
		free(st);
		free(diff);
		return -ENOMEM;
	}
	st[0] = (struct tup_frame){ 0, 0 };
	for (size_t i = 1; i <= n; i++) {
		int32_t cur = i < n ? lcp[i] : 0, lb = (int32_t)i - 1;

		while (cur < st[top].lcp) {
			struct tup_frame f = st[top--];
			int32_t parent = cur > st[top].lcp ? cur : st[top].lcp;

			tup_interval(t, f.lcp, parent, (uint64_t)i - (uint64_t)f.lb, diff);
			lb = f.lb;
		}
		if (cur > st[top].lcp)
			st[++top] = (struct tup_frame){ cur, lb };
	}
	/* a t-tuple inside a longer repeat occurs at least as often */
	for (size_t l = t->v; l > 1; l--)
		if (t->q[l] > t->q[l - 1])
			t->q[l - 1] = t->q[l];
	for (size_t l = 1; l <= t->v; l++)
		t->pairs[l] = t->pairs[l - 1] + diff[l];
	free(st);
	free(diff);
	return 0;
}

static int tup_build(struct sp90b_seq *q, struct sp90b_tuples *t)
{
	int32_t *sa = malloc(q->n * sizeof(*sa)), *lcp = malloc(q->n * sizeof(*lcp));
	int rc = -ENOMEM;

	if (!sa || !lcp)
		goto out;
	rc = sp90b_suffix_array(q->s, q->n, q->k < 2 ? 2 : q->k, sa);
	if (rc == 0)
		rc = sp90b_lcp(q->s, q->n, sa, lcp);
	if (rc)
		goto out;
	free(sa);
	sa = NULL;
	t->v = 0;
	for (size_t i = 1; i < q->n; i++)
		if ((size_t)lcp[i] > t->v)
			t->v = (size_t)lcp[i];
	t->q = calloc(t->v + 2, sizeof(*t->q));
	t->pairs = calloc(t->v + 2, sizeof(*t->pairs));
	rc = t->q && t->pairs ? tup_walk(t, lcp, q->n) : -ENOMEM;
out:
	free(sa);
	free(lcp);
	return rc;
}

int sp90b_tuples_get(struct sp90b_seq *q, struct sp90b_tuples **out)
{
	struct sp90b_tuples *t;
	int rc;

	if (!q->tuples) {
		if (q->n < 2 || q->n > SP90B_MAX_BITS)
			return -EDOM;
		t = calloc(1, sizeof(*t));
		if (!t)
			return -ENOMEM;
		rc = tup_build(q, t);
		q->tuples = t;
		if (rc) {
			sp90b_seq_free(q);
			return rc;
		}
	}
	*out = q->tuples;
	return 0;
}

/* the first length whose commonest tuple occurs fewer than 35 times
 * (6.3.5 step 1: t is the largest length with a count of at least 35) */
static size_t tup_u(const struct sp90b_tuples *t)
{
	size_t u = 1;

	while (u <= t->v && t->q[u] >= 35)
		u++;
	return u;
}

/* 6.3.5 step 3 / 6.3.6 step 4: the 99% bound on p^_max, long double as the
 * reference (its tuple probabilities are roots of tiny ratios). */
static double tup_bound(long double pmax, size_t n, struct sp90b_est *e)
{
	long double pu = pmax + 2.575829303548900384158L *
		sqrtl(pmax * (1.0L - pmax) / (long double)(n - 1));

	if (pu > 1.0L)
		pu = 1.0L;
	e->p = (double)pu;
	e->h = pu < 1.0L ? (double)-log2l(pu) : 0.0;
	sp90b_est_detail(e, "p_hat_max", (double)pmax);
	sp90b_est_detail(e, "p_u", e->p);
	return e->h;
}

/*
 * 6.3.5: for each t whose commonest t-tuple occurs Q[t] >= 35 times,
 * P[t] = Q[t] / (n - t + 1); p^_max = max P[t]^(1/t).
 */
static int sp90b_tuple_run(struct sp90b_seq *q, struct sp90b_est *e)
{
	struct sp90b_tuples *t;
	long double pmax = -1;
	size_t u;
	int rc = sp90b_tuples_get(q, &t);

	if (rc)
		return rc;
	u = tup_u(t);
	if (u == 1) {
		e->why = "no tuple occurs 35 times";
		return -EDOM;
	}
	for (size_t i = 1; i < u; i++) {
		long double p = powl((long double)t->q[i] / (long double)(q->n - i + 1),
				     1.0L / (long double)i);

		if (p > pmax)
			pmax = p;
	}
	sp90b_est_detail(e, "t", (double)(u - 1));
	tup_bound(pmax, q->n, e);
	return 0;
}

/*
 * 6.3.6: for lengths u..v, where u is the first length no tuple reaches 35
 * times and v the longest repeat, the collision probability of t-tuples
 *   P[t] = sum C(count, 2) / C(n - t + 1, 2);  p^_max = max P[t]^(1/t).
 */
static int sp90b_lrs_run(struct sp90b_seq *q, struct sp90b_est *e)
{
	struct sp90b_tuples *t;
	long double pmax = 0;
	size_t u;
	int rc = sp90b_tuples_get(q, &t);

	if (rc)
		return rc;
	u = tup_u(t);
	if (t->v < u) {
		e->why = "v < u: the longest repeat is shorter than u";
		return -EDOM;
	}
	for (size_t i = u; i <= t->v; i++) {
		long double m = (long double)(q->n - i), pairs = m * (m + 1.0L) / 2.0L;
		long double p = powl((long double)t->pairs[i] / pairs, 1.0L / (long double)i);

		if (p > pmax)
			pmax = p;
	}
	sp90b_est_detail(e, "u", (double)u);
	sp90b_est_detail(e, "v", (double)t->v);
	tup_bound(pmax, q->n, e);
	return 0;
}

const struct sp90b_estimator sp90b_tuple_info = {
	.name = "t_tuple",
	.title = "t-tuple",
	.section = "6.3.5",
	.run = sp90b_tuple_run,
};

const struct sp90b_estimator sp90b_lrs_info = {
	.name = "lrs",
	.title = "longest repeated substring",
	.section = "6.3.6",
	.run = sp90b_lrs_run,
};
