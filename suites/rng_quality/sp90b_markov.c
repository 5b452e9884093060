/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SP 800-90B 6.3.3, Markov estimate, binary data only.  A first-order
 * chain is fitted (P_0 over all n bits, transitions over the n-1 pairs) and
 * the likeliest 128-bit string under it is found among the six candidates
 * the standard lists (all zeros, 0101..., 011...1, 100...0, 1010...,
 * all ones); H = min(-log2 P(string)) / 128, at most 1.  The 2018 standard
 * applies no confidence interval here.
 */
#include <errno.h>
#include <math.h>

#include "sp90b.h"

/* -log2 P of a candidate: start bit a, then n_xy transitions of each kind */
static double sp90b_markov_path(double p_start, const double t[2][2], const int n[2][2])
{
	double h = -log2(p_start);

	for (int a = 0; a < 2; a++)
		for (int b = 0; b < 2; b++)
			if (n[a][b]) {
				if (t[a][b] <= 0)
					return INFINITY;
				h -= n[a][b] * log2(t[a][b]);
			}
	return h;
}

static int sp90b_markov_run(struct sp90b_seq *q, struct sp90b_est *e)
{
	/* the six candidate strings as (first bit, transition counts) */
	static const struct { int first; int n[2][2]; } cand[] = {
		{ 0, { { 127, 0 }, { 0, 0 } } },    /* 00...0 */
		{ 0, { { 0, 64 }, { 63, 0 } } },    /* 0101...01 */
		{ 0, { { 0, 1 }, { 0, 126 } } },    /* 011...1 */
		{ 1, { { 126, 0 }, { 1, 0 } } },    /* 100...0 */
		{ 1, { { 0, 63 }, { 64, 0 } } },    /* 1010...10 */
		{ 1, { { 0, 0 }, { 0, 127 } } },    /* 11...1 */
	};
	size_t c0 = 0, c00 = 0, c10 = 0, c1;
	double t[2][2] = { { 0 } }, p[2], hmin = 128.0;

	if (q->n < 2)
		return -EDOM;
	for (size_t i = 0; i + 1 < q->n; i++) {
		if (q->s[i] == 0) {
			c0++;
			c00 += q->s[i + 1] == 0;
		} else {
			c10 += q->s[i + 1] == 0;
		}
	}
	c1 = q->n - 1 - c0;
	if (c0) {
		t[0][0] = (double)c00 / (double)c0;
		t[0][1] = 1.0 - t[0][0];
	}
	if (c1) {
		t[1][0] = (double)c10 / (double)c1;
		t[1][1] = 1.0 - t[1][0];
	}
	c0 += q->s[q->n - 1] == 0;
	p[0] = (double)c0 / (double)q->n;
	p[1] = 1.0 - p[0];
	for (size_t i = 0; i < sizeof(cand) / sizeof(cand[0]); i++)
		hmin = fmin(hmin, sp90b_markov_path(p[cand[i].first], t, cand[i].n));
	e->h = fmin(hmin / 128.0, 1.0);
	e->p = exp2(-hmin);
	sp90b_est_detail(e, "P_0", p[0]);
	sp90b_est_detail(e, "P_00", t[0][0]);
	sp90b_est_detail(e, "P_10", t[1][0]);
	sp90b_est_detail(e, "p_max", e->p);
	return 0;
}

const struct sp90b_estimator sp90b_markov_info = {
	.name = "markov",
	.title = "Markov",
	.section = "6.3.3",
	.binary_only = 1,
	.run = sp90b_markov_run,
};
