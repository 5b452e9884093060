/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SP 800-90B 6.3.4, compression estimate (Maurer's universal statistic),
 * binary data only.  The bits are cut into 6-bit blocks; the first d = 1000
 * fill a dictionary of last positions, and for each of the v = L - d
 * remaining blocks log2 of the distance back to its previous occurrence
 * is averaged:
 *   X = mean, s = 0.5907 sqrt(sum(log2^2)/(v-1) - X^2), X' = X - 2.576 s/sqrt(v)
 * (99% lower bound; 0.5907 is the standard's correction c).  The expected
 * X for a distribution whose likeliest block has probability p and whose
 * 63 others share the rest evenly is
 *   E(p) = G(p) + 63 G((1 - p)/63),
 *   G(z) = 1/v sum_{t=d+1..L} sum_{u=1..t} log2(u) F(z, t, u),
 *   F = z^2 (1-z)^(u-1) for u < t,  z (1-z)^(t-1) for u = t,
 * and step 7 solves E(p) = X' for p in [2^-6, 1] by halving; H = -log2(p)/6.
 * E(2^-6) <= X' (no root) gives one full bit per bit, as step 8 says.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "sp90b.h"

#define CMP_B 6         /* bits per block */
#define CMP_D 1000      /* dictionary-filling blocks */
#define CMP_SYMS (1u << CMP_B)

struct sp90b_cmp {
	long blocks;        /* L */
	const double *lg;   /* lg[u] = log2(u), u <= L */
};

/*
 * G(z) regrouped so each term is visited once:
 *   v G(z) = z^2 [ (L - d) A_d + sum_{u=d+1..L-1} (L - u) a_u ] + z sum_{t=d+1..L} a_t,
 *   a_u = log2(u) (1 - z)^(u-1),  A_d = sum_{u<=d} a_u.
 * The tail is cut where (1-z)^(u-1) underflows a double, which is also
 * where the reference stops.
 */
static double sp90b_cmp_g(double z, const struct sp90b_cmp *c)
{
	long double q = 1.0L - (long double)z, b = 1.0L, head = 0, nest = 0, diag = 0;
	long L = c->blocks;

	for (long u = 1; u <= CMP_D; u++, b *= q)
		head += c->lg[u] * b;
	for (long u = CMP_D + 1; u <= L; u++, b *= q) {
		long double a = c->lg[u] * b;

		if ((double)a <= 0 && u > 1)
			break;
		diag += a;
		if (u < L)
			nest += (long double)(L - u) * a;
	}
	return (double)(((long double)z * z * ((long double)(L - CMP_D) * head + nest) +
			 (long double)z * diag) / (long double)(L - CMP_D));
}

static double sp90b_cmp_expect(double p, void *ctx)
{
	const struct sp90b_cmp *c = ctx;

	return sp90b_cmp_g(p, c) + (CMP_SYMS - 1) * sp90b_cmp_g((1.0 - p) / (CMP_SYMS - 1), c);
}

static unsigned sp90b_cmp_block(const uint8_t *s, long i)
{
	unsigned v = 0;

	for (int j = 0; j < CMP_B; j++)
		v = v << 1 | (s[i * CMP_B + j] & 1);
	return v;
}

static int sp90b_compress_run(struct sp90b_seq *q, struct sp90b_est *e)
{
	struct sp90b_cmp c = { .blocks = (long)(q->n / CMP_B) };
	long last[CMP_SYMS] = { 0 }, v = c.blocks - CMP_D;
	long double sum = 0, sq = 0;
	double mean, sd, lo, p = -1, *lg;
	int failed = 0;

	if (c.blocks <= CMP_D)
		return -EDOM;
	lg = malloc(((size_t)c.blocks + 1) * sizeof(*lg));
	if (!lg)
		return -ENOMEM;
	for (long u = 1; u <= c.blocks; u++)
		lg[u] = log2((double)u);
	lg[0] = 0;
	c.lg = lg;
	for (long i = 0; i < CMP_D; i++)
		last[sp90b_cmp_block(q->s, i)] = i + 1;
	for (long i = CMP_D; i < c.blocks; i++) {
		unsigned b = sp90b_cmp_block(q->s, i);
		double x = lg[i + 1 - last[b]];

		sum += x;
		sq += (long double)x * x;
		last[b] = i + 1;
	}
	mean = (double)(sum / v);
	sd = 0.5907 * sqrt((double)(sq / (v - 1.0L)) - mean * mean);
	lo = mean - SP90B_Z * sd / sqrt((double)v);
	if (sp90b_cmp_expect(1.0 / CMP_SYMS, &c) > lo) {
		p = sp90b_solve(sp90b_cmp_expect, &c, lo, 1.0 / CMP_SYMS, 1.0, &failed);
		if (failed)
			p = 1.0 / CMP_SYMS;
	}
	free(lg);
	if (p > 1.0 / CMP_SYMS) {
		e->p = p;
		e->h = sp90b_bits(p) / CMP_B;
	} else {
		e->p = 1.0 / CMP_SYMS;
		e->h = 1.0;
	}
	sp90b_est_detail(e, "X_bar", mean);
	sp90b_est_detail(e, "sigma_hat", sd);
	sp90b_est_detail(e, "X_bar'", lo);
	sp90b_est_detail(e, "p", e->p);
	return 0;
}

const struct sp90b_estimator sp90b_compress_info = {
	.name = "compression",
	.title = "compression",
	.section = "6.3.4",
	.binary_only = 1,
	.run = sp90b_compress_run,
};
