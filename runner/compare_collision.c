/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Collision (Renyi-2) estimates (kind "collision": a region's entropy,
 * the keying suite's output and seed words).  Each side saw c colliding
 * pairs among P = C(n,2), the record's "collisions" and "n"; under "same
 * distribution" the two counts are Poisson with means proportional to P,
 * so given their sum c_A is binomial with p = P_A / (P_A + P_B): an exact
 * conditional test (Przyborowski & Wilenski 1940).  More collisions per
 * pair means fewer bits.  This is the one test of a region's entropy: its
 * other numbers (headline, min-entropy, Shannon, ...) are views of the
 * same sample and shown beside it.
 */
#include <math.h>
#include <stdio.h>

#include "compare.h"
#include "stats.h"

static int compare_collision_counts(json_t *m, double *c, double *pairs)
{
	double n = compare_num(m, "n");

	*c = compare_num(m, "collisions");
	if (isnan(n) || n < 2 || isnan(*c) || *c < 0)
		return -1;
	*pairs = n * (n - 1) / 2;
	return 0;
}

/*
 * The collision rate q = c / C(n,2) is a U-statistic of the kernel
 * 1[x = y] (Hoeffding 1948): Var = 4(n-2)/(n(n-1)) z1 + 2/(n(n-1)) z2, with
 * z1 = sum p^3 - q^2 and z2 = q(1 - q), estimated without bias from the
 * record's pairs and triples (sum C(k,2), sum C(k,3) over value counts).
 * Near uniformity z1 vanishes and this is the Poisson variance; with one
 * value on a fifth of the boots (aslr-biased) z1 dominates, and two runs
 * of one image that the binomial test calls p = 3e-9 apart are p = 0.3
 * (entropy_compare.c measured it).  The larger p of the two tests is
 * valid in both regimes.
 */
static double compare_collision_ustat(json_t *m, double *var)
{
	double n = compare_num(m, "n"), s2 = 2 * compare_num(m, "collisions");
	double s3 = 6 * compare_num(m, "triples"), q, p3;

	q = s2 / (n * (n - 1));
	p3 = n > 2 ? s3 / (n * (n - 1) * (n - 2)) : q * q;
	*var = 4 * (n - 2) / (n * (n - 1)) * fmax(0, p3 - q * q) +
	       2 / (n * (n - 1)) * q * (1 - q);
	return q;
}

/* Overdispersion beyond Poisson: z1 = sum p^3 - q^2 > 0 measurably (a
 * heavy value).  Without it the U-statistic's variance is the binomial's
 * and the exact test is the sharper of the two. */
static int compare_collision_heavy(json_t *m)
{
	double var, q, n = compare_num(m, "n"), t = compare_num(m, "triples");

	if (isnan(t) || n < 3 || t < 1)
		return 0;
	q = compare_collision_ustat(m, &var);
	return 6 * t / (n * (n - 1) * (n - 2)) > q * q;
}

static double compare_collision_u(json_t *a, json_t *b)
{
	double va, vb, qa, qb;

	if (isnan(compare_num(a, "triples")) || isnan(compare_num(b, "triples")))
		return 0;
	qa = compare_collision_ustat(a, &va);
	qb = compare_collision_ustat(b, &vb);
	if (!(va + vb > 0))
		return qa == qb ? 1 : 0;
	return fmin(1, erfc(fabs(qa - qb) / sqrt(va + vb) / M_SQRT2));
}

static void compare_collision_judge(struct compare_ctx *c, struct compare_item *it)
{
	double ca, pa, cb, pb;

	(void)c;
	if (compare_collision_counts(it->a, &ca, &pa) || compare_collision_counts(it->b, &cb, &pb)) {
		it->untested = 1;
		snprintf(it->note, sizeof(it->note), "no collision count or n in the records");
		return;
	}
	it->p = ca + cb > 0 ? stats_binom_two_sided(ca, ca + cb, pa / (pa + pb)) : 1;
	it->degenerate = ca + cb == 0;
	if (compare_collision_heavy(it->a) || compare_collision_heavy(it->b))
		it->p = fmax(it->p, compare_collision_u(it->a, it->b));
	it->dir = cb / pb > ca / pa ? -1 : cb / pb < ca / pa ? 1 : 0;
	snprintf(it->note, sizeof(it->note), "%.0f colliding pairs of %.3g -> %.0f of %.3g%s",
		 ca, pa, cb, pb, ca + cb > 0 ? "" : ": none on either side, both bounds "
		 "limited by n");
	snprintf(it->change, sizeof(it->change), "%.0f -> %.0f colliding pairs", ca, cb);
}

const struct compare_family compare_collision_family = {
	.name = "collision",
	.test = "collision counts, exact conditional binomial (two Poisson rates)",
	.compare = compare_collision_judge,
};
